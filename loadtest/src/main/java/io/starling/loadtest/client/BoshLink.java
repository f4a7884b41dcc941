package io.starling.loadtest.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.channel.EventLoop;
import io.starling.core.xml.XmlElement;

/**
 * One XMPP stream over BOSH (XEP-0124, XEP-0206), confined to its event loop. Requests carry strictly increasing
 * rids (§14); at most hold+1 = 2 are outstanding (§11): one empty request is kept held by the server (the long
 * poll), queued elements go in the other, everything queued at once. Responses are handled in rid order even
 * when they come back on the two connections out of order. No timer: the server answers each request within
 * 'wait'.
 */
final class BoshLink implements StreamLink {
    /** Marks the place of a stream restart in the send queue (compared by identity). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String RESTART = new String("restart");

    private final WebChannels web;
    private final String domain;
    private final EventLoop loop;
    private final InetSocketAddress local;
    private final StreamHandler handler;
    private final BoshConnection[] connections = new BoshConnection[BoshBodies.HOLD + 1];
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Runnable pump = this::pump;

    private String sid;
    private long nextRid;
    /** The rid whose response is handled next. */
    private long nextResponseRid;
    private long restartRid = -1;
    private long parkedRid = -1;
    private BoshBodies.Response parked;
    private int outstanding;
    private boolean created;
    private boolean pumpScheduled;
    /** close() was called: a terminate request is to be sent, or is out. */
    private boolean closing;
    private boolean terminateSent;
    private boolean done;

    BoshLink(WebChannels web, String domain, EventLoop loop, InetSocketAddress local, StreamHandler handler) {
        this.web = web;
        this.domain = domain;
        this.loop = loop;
        this.local = local;
        this.handler = handler;
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new BoshConnection(this, web, loop, local);
        }
    }

    @Override
    public void open() {
        if (done || closing) {
            return;
        }
        if (!created) {
            created = true;
            // §14.1: a random initial rid, far enough below 2^53 that it never overflows during a session.
            nextRid = ThreadLocalRandom.current().nextLong(1L << 20, 1L << 40);
            nextResponseRid = nextRid;
            post(BoshBodies.creation(nextRid++, domain));
        } else {
            queue.add(RESTART);
            schedulePump();
        }
    }

    @Override
    public void send(String xml) {
        if (done || terminateSent) {
            return;
        }
        queue.add(xml);
        schedulePump();
    }

    @Override
    public boolean canStartTls() {
        return false;
    }

    @Override
    public void startTls(Runnable done) {
        throw new UnsupportedOperationException("BOSH has no in-band TLS; use an https:// endpoint");
    }

    @Override
    public void close() {
        if (done || closing) {
            return;
        }
        closing = true;
        if (!created) {
            finish(null);
            return;
        }
        schedulePump();
    }

    @Override
    public void abort() {
        finish(null);
    }

    private void schedulePump() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            loop.execute(pump);
        }
    }

    /** Sends at most one request: the restart, the queued elements (with terminate if closing), or a poll. */
    private void pump() {
        pumpScheduled = false;
        if (done || sid == null || terminateSent || outstanding > BoshBodies.HOLD) {
            return;
        }
        if (queue.peek() == RESTART) {
            queue.poll();
            restartRid = nextRid;
            post(BoshBodies.restart(nextRid++, sid, domain));
        } else if (!queue.isEmpty() || closing) {
            List<String> batch = new ArrayList<>(queue.size());
            while (!queue.isEmpty() && queue.peek() != RESTART) {
                batch.add(queue.poll());
            }
            if (closing && queue.isEmpty()) {
                terminateSent = true;
                post(BoshBodies.terminate(nextRid++, sid, batch));
            } else {
                post(BoshBodies.payload(nextRid++, sid, batch));
            }
        } else if (outstanding == 0) {
            post(BoshBodies.payload(nextRid++, sid, List.of()));
        }
        if (outstanding <= BoshBodies.HOLD && (!queue.isEmpty() || closing && !terminateSent)) {
            schedulePump();
        }
    }

    private void post(String body) {
        long rid = nextRid - 1;
        for (BoshConnection connection : connections) {
            if (!connection.busy()) {
                outstanding++;
                connection.post(rid, body);
                return;
            }
        }
        fail(new IllegalStateException("no free BOSH connection for rid " + rid));
    }

    /** A response to request {@code rid}, on the loop. */
    void response(long rid, String body) {
        if (done) {
            return;
        }
        outstanding--;
        BoshBodies.Response response;
        try {
            response = BoshBodies.parse(body);
        } catch (IllegalArgumentException e) {
            fail(new IOException("malformed BOSH response: " + e.getMessage(), e));
            return;
        }
        if (rid != nextResponseRid) {
            // Its predecessor is still on the other connection (§11): keep it until that one is handled.
            parkedRid = rid;
            parked = response;
            return;
        }
        handle(rid, response);
        if (!done && parked != null && parkedRid == nextResponseRid) {
            BoshBodies.Response next = parked;
            parked = null;
            handle(parkedRid, next);
        }
        if (!done) {
            schedulePump();
        }
    }

    private void handle(long rid, BoshBodies.Response response) {
        nextResponseRid = rid + 1;
        if (sid == null) {
            if (response.sid() == null) {
                fail(response.terminate() ? new BoshTerminatedException(response.condition())
                        : new IOException("session creation response without a sid"));
                return;
            }
            sid = response.sid();
            handler.opened(sid);
        } else if (rid == restartRid) {
            handler.opened(sid);
        }
        long now = System.nanoTime();
        for (XmlElement element : response.elements()) {
            if (done) {
                return;
            }
            handler.element(element, now);
        }
        if (response.terminate()) {
            finish(closing ? null : new BoshTerminatedException(response.condition()));
        }
    }

    /** The HTTP side failed (connect, TLS, status, connection lost with a request outstanding). */
    void fail(Throwable cause) {
        finish(closing && terminateSent ? null : cause);
    }

    boolean done() {
        return done;
    }

    private void finish(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        queue.clear();
        parked = null;
        for (BoshConnection connection : connections) {
            connection.close();
        }
        handler.closed(cause);
    }
}
