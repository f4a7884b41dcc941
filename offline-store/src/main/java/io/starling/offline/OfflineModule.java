package io.starling.offline;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import io.starling.core.session.SessionRegistry;
import io.starling.core.spi.Extensions;
import io.starling.core.spi.ServerModule;
import io.starling.core.xml.XmlParserFactory;
import io.starling.offline.store.OfflineRepository;
import io.starling.offline.store.OfflineWriter;

/**
 * Offline messages (XEP-0160): contributes the delivery fallback that stores a message for a member with no
 * available resource, the backlog that hands the stored messages to the member's next initial presence, and the
 * {@code msgoffline} disco feature. Storage is durable before the sender's stanza counts as handled: a message is
 * committed to PostgreSQL before the router's stage completes (and so before stream management acknowledges it).
 */
public final class OfflineModule implements ServerModule {
    /** The disco feature of XEP-0160 §4. */
    public static final String FEATURE = "msgoffline";
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /**
     * What the module needs from the server.
     *
     * @param domain     the served domain, the {@code from} of the delay notice
     * @param registry   to find a member's sessions after a commit
     * @param repository where messages are kept
     * @param parsers    the server's XML parser factory, to read stored stanzas back
     */
    public record Services(String domain, SessionRegistry registry, OfflineRepository repository,
                           XmlParserFactory parsers) {
        public Services {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(parsers, "parsers");
        }
    }

    private final OfflineWriter writer;
    private final OfflineFallback fallback;
    private final OfflineBacklog backlog;

    public OfflineModule(Services services, OfflineConfig config, Clock clock) {
        StoredStanzaCodec codec = new StoredStanzaCodec(services.parsers());
        PendingTakes pending = new PendingTakes();
        LateDelivery late = new LateDelivery(services.registry(), pending, codec);
        this.writer = new OfflineWriter(services.repository(), config.lanes(), config.laneQueue(), config.batchSize(),
                config.quota(), late);
        this.backlog = new OfflineBacklog(writer, codec, pending);
        this.fallback = new OfflineFallback(services.domain(), writer, codec, clock);
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public void contribute(Extensions extensions) {
        extensions.deliveryFallback(fallback);
        extensions.backlog(backlog);
        extensions.sessionListener(backlog);
        extensions.discoFeature(FEATURE);
    }

    @Override
    public String migrationsLocation() {
        return "classpath:db/migration/offline";
    }

    @Override
    public void start() {
        writer.start();
    }

    /** Messages and takes waiting on the lanes. */
    public int queueDepth() {
        return writer.queueDepth();
    }

    public OfflineWriter.Stats stats() {
        return writer.stats();
    }

    /** Finishes what is queued (closing sessions route their last messages here first), then stops the lanes. */
    @Override
    public void stop() {
        writer.stop(STOP_GRACE);
    }
}
