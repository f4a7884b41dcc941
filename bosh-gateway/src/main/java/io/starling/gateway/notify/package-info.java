/**
 * The notification API on the gateway's internal listener: back ends send messages to members over HTTP.
 * <ul>
 *   <li>{@link io.starling.gateway.notify.ApiKeys}: keys from {@code gateway.api-keys}, each with the addresses
 *       it may send as and a token-bucket rate limit (429 with {@code Retry-After}, RFC 9110 §10.2.3); presented
 *       as bearer tokens (RFC 6750 §2.1);</li>
 *   <li>{@link io.starling.gateway.notify.NotificationEndpoint}: {@code POST /api/v1/notifications}, JSON in,
 *       one outcome per recipient out, refused whole (404) if any recipient is not a member; idempotent by
 *       {@code idempotency_key}; a {@code headline} carries XEP-0334's {@code <store/>} hint so that the offline
 *       store keeps it (XEP-0160 §3 would drop it);</li>
 *   <li>{@link io.starling.gateway.notify.StanzaEndpoint}: {@code POST /api/v1/stanzas}, one raw stanza routed
 *       as from a trusted component (RFC 6121 §8), idempotent with an {@code Idempotency-Key} header;</li>
 *   <li>{@code IdempotentSender}: claim, check, send, record under an idempotency key
 *       ({@link io.starling.gateway.notify.PostgresIdempotencyRepository}), so that a retry never sends twice;</li>
 *   <li>errors are RFC 9457 problem documents.</li>
 * </ul>
 */
package io.starling.gateway.notify;
