package io.starling.core.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.starling.core.iq.IqDispatcher;
import io.starling.core.jid.Jid;
import io.starling.core.session.LocalRouter;
import io.starling.core.session.LocalSessionRegistry;
import io.starling.core.session.PresenceState;
import io.starling.core.session.Session;
import io.starling.core.session.Transport;
import io.starling.core.spi.InboundGuard;
import io.starling.core.spi.RfcDeliveryFallback;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.testing.Stanzas;
import io.starling.core.xml.XmlElement;

/**
 * Messages per second through {@link LocalRouter} between two local sessions, on one thread: the routing
 * decision and registry lookup only (delivery is a counter, no queue or I/O). The {@code stamp*} variants also
 * stamp the sender's full JID with {@link Stanza#withFrom}, as the c2s path does for every inbound stanza. Run with
 * {@code mvn -B -q -pl xmpp-core test-compile exec:exec -Dbench.args="RoutingBenchmark -f 1 -wi 3 -i 5"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class RoutingBenchmark {
    private static final String ROMEO = "romeo@localhost/orchard";
    private static final String JULIET = "juliet@localhost/balcony";

    private LocalRouter router;
    private CountingSession juliet;
    private Jid romeoJid;
    /** From Romeo to Juliet's full JID, 'from' already stamped. */
    private Stanza toFull;
    /** From Romeo to Juliet's bare JID, 'from' already stamped. */
    private Stanza toBare;
    /** As a client sends it: to Juliet's full JID, no 'from'. */
    private Stanza unstampedToFull;
    /** As a client sends it: to Juliet's bare JID, no 'from'. */
    private Stanza unstampedToBare;

    @Setup
    public void setUp() {
        LocalSessionRegistry registry = new LocalSessionRegistry(10);
        CountingSession romeo = new CountingSession(ROMEO);
        juliet = new CountingSession(JULIET);
        registry.bind(romeo);
        registry.bind(juliet);
        router = new LocalRouter("localhost", registry, bare -> CompletableFuture.completedFuture(true),
                new IqDispatcher(Map.of()), new RfcDeliveryFallback(), InboundGuard.ALLOW_ALL);
        romeoJid = romeo.jid();
        String body = "Art thou not Romeo, and a Montague?";
        toFull = Stanzas.message(ROMEO, JULIET, "chat", body);
        toBare = Stanzas.message(ROMEO, "juliet@localhost", "chat", body);
        List<XmlElement> children = List.of(XmlElement.builder(Namespaces.CLIENT, "body").text(body).build());
        unstampedToFull = Stanza.build(Stanza.Kind.MESSAGE, Jid.parse(JULIET), null, "chat", "m1", children);
        unstampedToBare = Stanza.build(Stanza.Kind.MESSAGE, Jid.parse("juliet@localhost"), null, "chat", "m1",
                children);
    }

    @Benchmark
    public long routeToFullJid() {
        router.route(toFull);
        return juliet.delivered;
    }

    @Benchmark
    public long routeToBareJid() {
        router.route(toBare);
        return juliet.delivered;
    }

    @Benchmark
    public long stampAndRouteToFullJid() {
        router.route(unstampedToFull.withFrom(romeoJid));
        return juliet.delivered;
    }

    @Benchmark
    public long stampAndRouteToBareJid() {
        router.route(unstampedToBare.withFrom(romeoJid));
        return juliet.delivered;
    }

    /** An available session (priority 0) that only counts what it is given; confined to the benchmark thread. */
    static final class CountingSession implements Session {
        private static final PresenceState AVAILABLE = new PresenceState(true, 0);
        private final Jid jid;
        long delivered;

        CountingSession(String fullJid) {
            this.jid = Jid.parse(fullJid);
        }

        @Override
        public Jid jid() {
            return jid;
        }

        @Override
        public Executor executor() {
            return Runnable::run;
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public void deliver(Stanza stanza) {
            delivered++;
        }

        @Override
        public PresenceState presence() {
            return AVAILABLE;
        }

        @Override
        public void close(StreamErrorCondition condition, String text) {
            // nothing to close
        }
    }
}
