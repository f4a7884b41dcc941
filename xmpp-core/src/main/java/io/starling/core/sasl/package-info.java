/**
 * Server-side SASL (RFC 6120 §6, RFC 4422) as pure state machines with no Netty types: the c2s stream code decodes
 * {@code <auth/>}/{@code <response/>} text with {@link io.starling.core.sasl.SaslEncoding}, feeds the bytes to a
 * per-attempt {@link io.starling.core.sasl.SaslMechanism} and turns each {@link io.starling.core.sasl.SaslStep}
 * into {@code <challenge/>}, {@code <success/>} or {@code <failure/>} (conditions: RFC 6120 §6.5,
 * {@link io.starling.core.sasl.SaslFailure}).
 *
 * <ul>
 *   <li>SCRAM-SHA-1 (RFC 5802), SCRAM-SHA-256 (RFC 7677) and their -PLUS variants with the
 *       {@code tls-server-end-point} channel binding (RFC 5929 §4; XEP-0440 lists it as acceptable).</li>
 *   <li>PLAIN (RFC 4616), offered only under TLS (RFC 6120 §6.4.1, §13.8.3).</li>
 *   <li>Signed login tokens as the PLAIN password: HS256 JWTs (RFC 7519, RFC 7518 §3.2) issued by the web
 *       application ({@link io.starling.core.sasl.LoginTokenSigner} issues the same for the CLI and tests).</li>
 *   <li>{@link io.starling.core.sasl.AuthThrottle}: failed attempts per IP address (RFC 6120 §6.4.5, §13.10).</li>
 * </ul>
 */
package io.starling.core.sasl;
