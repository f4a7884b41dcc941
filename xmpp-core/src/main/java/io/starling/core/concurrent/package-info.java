/**
 * Named, bounded executors for blocking work (JDBC, password hashing). ARCHITECTURE.md §Threading: blocking work
 * never runs on an event loop; every queue is bounded and says what happens when it is full — here the task is
 * refused and the caller gets a failed future, which the protocol layer turns into a retryable error (for SASL,
 * RFC 6120 §6.5.12 {@code temporary-auth-failure}).
 */
package io.starling.core.concurrent;
