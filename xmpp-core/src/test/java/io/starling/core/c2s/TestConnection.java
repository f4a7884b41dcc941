package io.starling.core.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.starling.core.jid.Jid;
import io.starling.core.stanza.Stanza;
import io.starling.core.testing.Stanzas;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlStreamDecoder;

/**
 * One client connection as the server sees it: the real XML decoder and {@link TcpC2sHandler} on an
 * {@link EmbeddedChannel} with frozen time, fed raw XML; what the server writes is read back as text. Each
 * connection has its own event loop, so a resumption crosses executors as it does in the server.
 *
 * <p>Every operation runs all the fixture's loops until none has work left, one task at a time in FIFO order as an
 * event loop does. (A bare EmbeddedChannel runs its queued tasks from inside any write made outside its own
 * operations, nesting one task in another; so operations here enter every channel's pipeline first, which turns
 * that off.) Direct TLS is pretended (no TLS handler), so PLAIN is offered.
 */
final class TestConnection {
    static final String HEADER = "<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
    private static final XmlParserFactory PARSERS = new XmlParserFactory();

    final EmbeddedChannel channel;
    private final List<TestConnection> peers;
    private final StringBuilder output = new StringBuilder();
    private boolean finished;

    TestConnection(C2sContext context, List<TestConnection> peers) {
        this.peers = peers;
        channel = new EmbeddedChannel(new Within.Handler(),
                new XmlStreamDecoder(PARSERS, new XmlLimits(65536, 32, 64, false)),
                new TcpC2sHandler(context, null, true));
        channel.freezeTime();
        peers.add(this);
    }

    /** Writes raw XML from the client, then runs the loops. */
    TestConnection send(String xml) {
        ByteBuf bytes = Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8);
        operate(() -> channel.pipeline().context(Within.Handler.class).fireChannelRead(bytes));
        return this;
    }

    /**
     * Writes raw XML from the client and returns (and forgets) what the read alone wrote, taken before any queued
     * task runs: an answer made during the read is there, one left to a task is not. The loops run afterwards.
     */
    String sendAndPeek(String xml) {
        ByteBuf bytes = Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8);
        String[] written = new String[1];
        operate(() -> {
            channel.pipeline().context(Within.Handler.class).fireChannelRead(bytes);
            written[0] = take(); // still inside the pipeline: nothing queued has run yet
        });
        return written[0];
    }

    /** Runs whatever is queued on the loops. */
    TestConnection run() {
        operate(() -> { });
        return this;
    }

    /** Moves this connection's clock (and only it: each loop has its own) and runs what fell due. */
    TestConnection advance(long seconds) {
        operate(() -> channel.advanceTimeBy(seconds, TimeUnit.SECONDS));
        return this;
    }

    /** The idle timer fired: nothing was read for the idle timeout. */
    void idle() {
        operate(() -> channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT));
    }

    /** The client's connection drops without a stream close. */
    void drop() {
        operate(() -> channel.pipeline().close());
    }

    private void operate(Runnable action) {
        List<TestConnection> open = peers.stream().filter(c -> c.channel.isOpen()).toList();
        enter(open, 0, () -> {
            action.run();
            drain();
        });
        for (TestConnection c : peers) {
            c.channel.checkException();
        }
    }

    private static void enter(List<TestConnection> open, int i, Runnable body) {
        if (i == open.size()) {
            body.run();
        } else {
            open.get(i).channel.writeOneInbound(new Within(() -> enter(open, i + 1, body)));
        }
    }

    private void drain() {
        boolean progressed = true;
        while (progressed) {
            progressed = false;
            for (TestConnection c : peers) {
                if (c.channel.hasPendingTasks()) {
                    c.channel.runPendingTasks();
                    progressed = true;
                }
            }
        }
    }

    /** Everything the server wrote so far and not yet taken. */
    String output() {
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            output.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return output.toString();
    }

    /** Returns and forgets what the server wrote. */
    String take() {
        String all = output();
        output.setLength(0);
        return all;
    }

    /** Asserts the output so far contains the text. */
    TestConnection awaitOutput(String text) {
        assertThat(output()).contains(text);
        return this;
    }

    /** Opens a stream, authenticates with PLAIN and opens the post-authentication stream; output is taken. */
    TestConnection authenticate(String user) {
        send(HEADER);
        awaitOutput("</stream:features>");
        take();
        String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + C2sFixture.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        awaitOutput("<success");
        take();
        send(HEADER);
        awaitOutput("</stream:features>");
        return this;
    }

    /** The client's ordinary chat message with a body. */
    static String message(String to, String body) {
        return "<message to='" + to + "' type='chat'><body>" + body + "</body></message>";
    }

    /** A message as the router hands it to a session. */
    static Stanza chat(String from, String to, String body) {
        return Stanzas.message(from, to, "chat", body);
    }

    static Jid jid(String s) {
        return Jid.parse(s);
    }

    /** Releases what the server wrote and nobody read, and closes the channel. Idempotent. */
    void finish() {
        if (!finished) {
            finished = true;
            output();
            channel.finishAndReleaseAll();
        }
    }

    /** Runs its body inside the channel's pipeline. */
    private record Within(Runnable body) {
        static final class Handler extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof Within w) {
                    w.body.run();
                } else {
                    ctx.fireChannelRead(msg);
                }
            }
        }
    }
}
