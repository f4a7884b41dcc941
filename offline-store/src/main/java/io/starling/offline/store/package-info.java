/**
 * Where offline messages live: the {@code offline_messages} table (Flyway location
 * {@code classpath:db/migration/offline}), its repository, and {@link io.starling.offline.store.OfflineWriter}, the
 * lanes that store with group commit and take at login, a member's work always in order on one lane.
 */
package io.starling.offline.store;
