package io.starling.loadtest.probe;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jxmpp.jid.EntityFullJid;

/**
 * One probe run, blocking, on the caller's thread: the steps of {@link ProbeStep} in order, each timed and each
 * bounded by the time left before the overall deadline. {@link #currentStep()} and {@link #timings()} may be read
 * from another thread (the watchdog in {@link Probe}); {@link #abort()} kills both connections from there.
 */
final class ProbeRun {
    private final ProbeOptions options;
    private final long deadlineNanos;
    private final String nonce = UUID.randomUUID().toString();
    // Written by the run thread, read by the watchdog after a timeout: a synchronized map makes the reads safe.
    private final Map<ProbeStep, Long> timings = java.util.Collections.synchronizedMap(new EnumMap<>(ProbeStep.class));
    private volatile ProbeStep current = ProbeStep.LOGIN_A;
    private volatile AbstractXMPPConnection a;
    private volatile AbstractXMPPConnection b;

    ProbeRun(ProbeOptions options, long deadlineNanos) {
        this.options = options;
        this.deadlineNanos = deadlineNanos;
    }

    /** Runs every step; throws whatever the current step failed with. */
    void execute() throws Exception {
        ProbeConnections factory = new ProbeConnections(options);
        BlockingQueue<Stanza> inboxA = new LinkedBlockingQueue<>();
        BlockingQueue<Stanza> inboxB = new LinkedBlockingQueue<>();
        try {
            a = login(ProbeStep.LOGIN_A, factory, options.userA(), options.passwordA(), inboxA);
            b = login(ProbeStep.LOGIN_B, factory, options.userB(), options.passwordB(), inboxB);
            EntityFullJid jidA = a.getUser();
            EntityFullJid jidB = b.getUser();

            begin(ProbeStep.MESSAGE);
            long t = System.nanoTime();
            a.sendStanza(chat(jidB, "probe " + nonce + " ping"));
            await(inboxB, s -> s instanceof Message m && (("probe " + nonce + " ping").equals(m.getBody())),
                    "message to " + options.userB());
            end(ProbeStep.MESSAGE, t);

            begin(ProbeStep.REPLY);
            t = System.nanoTime();
            b.sendStanza(chat(jidA, "probe " + nonce + " pong"));
            await(inboxA, s -> s instanceof Message m && (("probe " + nonce + " pong").equals(m.getBody())),
                    "reply to " + options.userA());
            end(ProbeStep.REPLY, t);

            begin(ProbeStep.PRESENCE);
            t = System.nanoTime();
            Presence directed = a.getStanzaFactory().buildPresenceStanza()
                    .ofType(Presence.Type.available).to(jidB).setStatus("probe " + nonce).build();
            a.sendStanza(directed);
            await(inboxB, s -> s instanceof Presence p && jidA.equals(p.getFrom())
                    && ("probe " + nonce).equals(p.getStatus()), "presence from " + options.userA());
            end(ProbeStep.PRESENCE, t);

            begin(ProbeStep.LOGOUT);
            t = System.nanoTime();
            b.disconnect();
            a.disconnect();
            end(ProbeStep.LOGOUT, t);
        } finally {
            abort();
        }
    }

    private AbstractXMPPConnection login(ProbeStep step, ProbeConnections factory, String user, String password,
                                         BlockingQueue<Stanza> inbox) throws Exception {
        begin(step);
        long t = System.nanoTime();
        AbstractXMPPConnection c = factory.create(user, password, remainingMs());
        if (step == ProbeStep.LOGIN_A) {
            a = c;
        } else {
            b = c;
        }
        c.addAsyncStanzaListener(inbox::add, StanzaTypeFilter.MESSAGE);
        c.addAsyncStanzaListener(inbox::add, StanzaTypeFilter.PRESENCE);
        try {
            c.connect();
        } catch (SmackException e) {
            // Smack's BOSH connect reports a refused HTTP connection only as "timeout reached" (the cause goes to
            // its log): find the network cause with a plain socket.
            factory.explainBoshFailure(remainingMs());
            throw e;
        }
        c.setReplyTimeout(remainingMs());
        c.login();
        end(step, t);
        return c;
    }

    private static Message chat(EntityFullJid to, String body) {
        return MessageBuilder.buildMessage().to(to).ofType(Message.Type.chat).setBody(body).build();
    }

    private void await(BlockingQueue<Stanza> inbox, java.util.function.Predicate<Stanza> match, String what)
            throws InterruptedException, TimeoutException {
        while (true) {
            long left = remainingMs();
            Stanza s = left <= 0 ? null : inbox.poll(left, TimeUnit.MILLISECONDS);
            if (s == null) {
                throw new TimeoutException("timeout waiting for " + what);
            }
            if (match.test(s)) {
                return;
            }
        }
    }

    private void begin(ProbeStep step) {
        current = step;
    }

    private void end(ProbeStep step, long startNanos) {
        timings.put(step, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private long remainingMs() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    ProbeStep currentStep() {
        return current;
    }

    /** A copy of the timings of the completed steps. */
    Map<ProbeStep, Long> timings() {
        EnumMap<ProbeStep, Long> copy = new EnumMap<>(ProbeStep.class);
        synchronized (timings) { // iteration over a synchronized map must hold its lock
            copy.putAll(timings);
        }
        return copy;
    }

    /** Drops both connections at once, without closing the streams politely. */
    void abort() {
        for (AbstractXMPPConnection c : new AbstractXMPPConnection[] {a, b}) {
            if (c != null && c.isConnected()) {
                try {
                    c.instantShutdown();
                } catch (RuntimeException ignored) {
                    // already going away
                }
            }
        }
    }
}
