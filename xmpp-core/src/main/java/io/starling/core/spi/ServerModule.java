package io.starling.core.spi;

/**
 * A pluggable part of the server. {@code deploy} builds each module with its collaborators, asks it for its
 * contributions, then starts all modules in order and stops them in reverse.
 */
public interface ServerModule {
    /** A short name for logs. */
    String name();

    /** Registers what the module adds: IQ handlers, interceptors, listeners, endpoints, disco features. */
    default void contribute(Extensions extensions) {
    }

    /** Classpath location of this module's Flyway migrations, e.g. {@code db/migration/core}, or null. */
    default String migrationsLocation() {
        return null;
    }

    default void start() throws Exception {
    }

    default void stop() {
    }
}
