package io.starling.loadtest.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;

import io.netty.channel.EventLoop;
import io.starling.core.xml.XmlElement;
import io.starling.loadtest.client.StreamHandler;
import io.starling.loadtest.client.StreamLink;
import io.starling.loadtest.metrics.LoadMetrics;

/**
 * Drives one client stream from connect to bound (RFC 6120 §4-§7), then hands stanzas to its
 * {@link SessionListener}. One scheduled task per login (the timeout), cancelled once bound. Confined to the
 * link's event loop.
 */
public final class Negotiator implements StreamHandler {
    static final String NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    static final String NS_SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    static final String NS_STREAM = "http://etherx.jabber.org/streams";
    static final String NS_REGISTER = "jabber:iq:register";

    private enum State { CONNECTING, TLS, REGISTERING, AUTHENTICATING, BINDING, SESSION, BOUND, CLOSING, DONE }

    private final LoginSettings settings;
    private final SaltedPasswordCache saltedPasswords;
    private final String username;
    private final LoadMetrics metrics;
    private final SessionListener listener;
    private final EventLoop loop;
    private StreamLink link;
    private State state = State.CONNECTING;
    private boolean tlsDone;
    private boolean registered;
    private boolean authenticated;
    private boolean sessionRequired;
    private SaslClient sasl;
    private long startNanos;
    private long phaseNanos;
    private boolean firstOpen = true;
    private ScheduledFuture<?> timeout;

    public Negotiator(LoginSettings settings, SaltedPasswordCache saltedPasswords, String username,
                      LoadMetrics metrics, SessionListener listener, EventLoop loop) {
        this.settings = settings;
        this.saltedPasswords = saltedPasswords;
        this.username = username;
        this.metrics = metrics;
        this.listener = listener;
        this.loop = loop;
    }

    /** Connects over {@code link} and starts the login; call on the loop. */
    public void start(StreamLink newLink) {
        this.link = newLink;
        startNanos = System.nanoTime();
        phaseNanos = startNanos;
        metrics.connectAttempted();
        timeout = loop.schedule(this::loginTimedOut, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        link.open();
    }

    /** Sends one stanza once bound. */
    public void send(String xml) {
        link.send(xml);
    }

    /** Ends the stream gracefully. */
    public void close() {
        if (state == State.DONE) {
            return;
        }
        state = State.CLOSING;
        link.close();
    }

    private void loginTimedOut() {
        if (state != State.BOUND && state != State.CLOSING && state != State.DONE) {
            fail("login-timeout");
            link.abort();
        }
    }

    @Override
    public void opened(String streamId) {
        if (firstOpen) {
            firstOpen = false;
            metrics.connected(System.nanoTime() - startNanos);
        }
    }

    @Override
    public void element(XmlElement e, long receivedNanos) {
        if (state == State.BOUND || state == State.CLOSING) {
            if (e.is(NS_STREAM, "error")) {
                if (state == State.CLOSING) {
                    return;
                }
                fail("stream-error:" + firstChildName(e));
            } else {
                listener.stanza(e, receivedNanos);
            }
            return;
        }
        if (e.is(NS_STREAM, "error")) {
            fail("stream-error:" + firstChildName(e));
        } else if (e.is(NS_STREAM, "features")) {
            features(e);
        } else if (e.is(NS_TLS, "proceed")) {
            long t0 = System.nanoTime();
            link.startTls(() -> {
                metrics.tls(System.nanoTime() - t0);
                tlsDone = true;
                link.open();
            });
        } else if (e.namespace().equals(NS_SASL)) {
            sasl(e);
        } else if (e.name().equals("iq")) {
            iq(e);
        } else {
            fail("unexpected:" + e.name());
        }
    }

    private void features(XmlElement f) {
        if (!tlsDone && settings.startTls() && link.canStartTls()) {
            if (f.element(NS_TLS, "starttls") == null) {
                failAndAbort("tls-unavailable");
                return;
            }
            state = State.TLS;
            link.send("<starttls xmlns='" + NS_TLS + "'/>");
        } else if (!authenticated && settings.register() && !registered) {
            state = State.REGISTERING;
            link.send("<iq type='set' id='reg'><query xmlns='" + NS_REGISTER + "'><username>" + xml(username)
                    + "</username><password>" + xml(settings.password()) + "</password></query></iq>");
            pendingFeatures = f;
        } else if (!authenticated) {
            authenticate(f);
        } else {
            XmlElement session = f.element(NS_SESSION, "session");
            sessionRequired = session != null && session.element(NS_SESSION, "optional") == null;
            state = State.BINDING;
            String resource = settings.resource() != null ? settings.resource()
                    : "r" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            link.send("<iq type='set' id='bind'><bind xmlns='" + NS_BIND + "'><resource>" + resource
                    + "</resource></bind></iq>");
        }
    }

    private XmlElement pendingFeatures;

    private void authenticate(XmlElement f) {
        XmlElement mechs = f.element(NS_SASL, "mechanisms");
        String chosen = mechs == null ? null : SaslChoice.choose(settings.sasl(), mechs);
        if (chosen == null) {
            XmlElement tls = f.element(NS_TLS, "starttls");
            failAndAbort(mechs == null && tls != null && tls.element(NS_TLS, "required") != null
                    ? "tls-required" : "sasl-mechanism-unavailable");
            return;
        }
        sasl = chosen.equals("PLAIN") ? new PlainSaslClient(username, settings.password())
                : new ScramSaslClient(chosen, username, settings.password(), saltedPasswords);
        state = State.AUTHENTICATING;
        phaseNanos = System.nanoTime();
        link.send("<auth xmlns='" + NS_SASL + "' mechanism='" + chosen + "'>" + b64(sasl.initialResponse())
                + "</auth>");
    }

    private void sasl(XmlElement e) {
        try {
            switch (e.name()) {
                case "challenge" -> {
                    String response = sasl.respond(unb64(e.text()));
                    link.send(response.isEmpty() ? "<response xmlns='" + NS_SASL + "'/>"
                            : "<response xmlns='" + NS_SASL + "'>" + b64(response) + "</response>");
                }
                case "success" -> {
                    String data = e.text();
                    if (data != null && !data.isEmpty() && !data.equals("=")) {
                        sasl.verifySuccess(unb64(data));
                    }
                    metrics.authenticated(System.nanoTime() - phaseNanos);
                    authenticated = true;
                    sasl = null;
                    link.open(); // RFC 6120 §6.4.6: restart
                }
                case "failure" -> failAndAbort("auth-failed");
                default -> failAndAbort("unexpected:sasl-" + e.name());
            }
        } catch (IllegalStateException ex) {
            failAndAbort("auth-failed");
        }
    }

    private void iq(XmlElement iq) {
        String id = iq.attribute("id");
        boolean ok = "result".equals(iq.attribute("type"));
        if ("reg".equals(id) && state == State.REGISTERING) {
            // 409 conflict: the account exists already; anything else is an error.
            if (!ok && !"conflict".equals(Stanzas.errorCondition(iq))) {
                failAndAbort("register-failed:" + Stanzas.errorCondition(iq));
                return;
            }
            registered = true;
            authenticate(pendingFeatures);
            pendingFeatures = null;
        } else if ("bind".equals(id) && state == State.BINDING) {
            if (!ok) {
                failAndAbort("stanza-error:" + Stanzas.errorCondition(iq));
                return;
            }
            XmlElement bind = iq.element(NS_BIND, "bind");
            XmlElement jid = bind == null ? null : bind.element(NS_BIND, "jid");
            boundJid = jid == null ? null : jid.text();
            if (sessionRequired) {
                state = State.SESSION;
                link.send("<iq type='set' id='sess'><session xmlns='" + NS_SESSION + "'/></iq>");
            } else {
                bound();
            }
        } else if ("sess".equals(id) && state == State.SESSION) {
            if (!ok) {
                failAndAbort("stanza-error:" + Stanzas.errorCondition(iq));
                return;
            }
            bound();
        } else {
            failAndAbort("unexpected:iq");
        }
    }

    private String boundJid;

    private void bound() {
        state = State.BOUND;
        timeout.cancel(false);
        timeout = null;
        metrics.loggedIn(System.nanoTime() - startNanos);
        listener.bound(boundJid);
    }

    @Override
    public void closed(Throwable cause) {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        State was = state;
        state = State.DONE;
        if (was == State.CLOSING) {
            listener.ended();
        } else if (was != State.DONE) {
            listener.failed(cause == null ? "closed-unexpectedly" : ErrorKinds.of(cause));
        }
    }

    private void failAndAbort(String kind) {
        fail(kind);
        link.abort();
    }

    private void fail(String kind) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        listener.failed(kind);
    }

    private static String firstChildName(XmlElement e) {
        return e.elements().isEmpty() ? "undefined-condition" : e.elements().get(0).name();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String b64(String raw) {
        return raw.isEmpty() ? "=" : Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(String text) {
        return text == null || text.isEmpty() || text.equals("=") ? ""
                : new String(Base64.getDecoder().decode(text.strip()), StandardCharsets.UTF_8);
    }
}
