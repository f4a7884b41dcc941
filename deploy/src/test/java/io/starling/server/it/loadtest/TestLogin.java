package io.starling.server.it.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import io.netty.channel.EventLoop;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlWriter;
import io.starling.loadtest.client.StreamHandler;
import io.starling.loadtest.client.StreamLink;

/**
 * Test-only negotiator over any {@link StreamLink}: SASL PLAIN (RFC 4616), stream restart, resource binding
 * (RFC 6120 §6-7), initial presence; afterwards it records every element it receives. Confined to the link's
 * loop; the test thread talks to it through {@link #run}.
 */
final class TestLogin implements StreamHandler {
    private static final String STREAMS = "http://etherx.jabber.org/streams";
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";

    final CompletableFuture<String> opened = new CompletableFuture<>();
    final CompletableFuture<String> bound = new CompletableFuture<>();
    /** Completes with the cause (a placeholder string "clean" when null) when the link reports closed. */
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final EventLoop loop;
    private final String user;
    private final String password;
    private final String resource;
    private StreamLink link;
    private boolean authenticated;

    TestLogin(EventLoop loop, String user, String password, String resource) {
        this.loop = loop;
        this.user = user;
        this.password = password;
        this.resource = resource;
    }

    /** Attaches the link and opens it, on the loop. */
    TestLogin start(StreamLink streamLink) {
        run(() -> {
            link = streamLink;
            link.open();
        });
        return this;
    }

    void run(java.util.function.Consumer<StreamLink> action) {
        loop.execute(() -> action.accept(link));
    }

    private void run(Runnable action) {
        loop.execute(action);
    }

    void send(String xml) {
        run(l -> l.send(xml));
    }

    @Override
    public void opened(String streamId) {
        opened.complete(streamId);
    }

    @Override
    public void element(XmlElement e, long receivedNanos) {
        if (bound.isDone()) {
            received.add(XmlWriter.toXml(e));
        } else if (e.is(STREAMS, "features")) {
            if (!authenticated) {
                String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                        .getBytes(StandardCharsets.UTF_8));
                link.send("<auth xmlns='" + SASL + "' mechanism='PLAIN'>" + plain + "</auth>");
            } else {
                link.send("<iq xmlns='jabber:client' type='set' id='bind1'><bind xmlns='" + BIND + "'><resource>"
                        + resource + "</resource></bind></iq>");
            }
        } else if (e.is(SASL, "success")) {
            authenticated = true;
            link.open();
        } else if (e.name().equals("iq") && e.element(BIND, "bind") != null) {
            link.send("<presence xmlns='jabber:client'/>");
            bound.complete(e.element(BIND, "bind").element(BIND, "jid").text());
        } else {
            bound.completeExceptionally(new IllegalStateException("login failed: " + XmlWriter.toXml(e)));
        }
    }

    @Override
    public void closed(Throwable cause) {
        bound.completeExceptionally(new IllegalStateException("closed during login", cause));
        closed.complete(cause == null ? "clean" : cause.toString());
    }
}
