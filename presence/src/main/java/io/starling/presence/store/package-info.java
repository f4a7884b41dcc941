/**
 * What the presence module's PostgreSQL repositories share: {@link io.starling.presence.store.PresenceStoreException}
 * and the one-transaction-per-write helper {@link io.starling.presence.store.Transactions}. The tables are created
 * by the Flyway location {@code classpath:db/migration/presence}.
 */
package io.starling.presence.store;
