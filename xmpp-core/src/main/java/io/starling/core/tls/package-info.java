/**
 * TLS for the client-to-server listeners: certificate material and the Netty {@code SslContext}.
 *
 * <ul>
 *   <li>{@link io.starling.core.tls.SelfSignedCertificateStore} generates, once, a self-signed certificate for the
 *       served domain when no certificate is configured (RFC 6125 §6.4 DNS-ID in subjectAltName; RFC 6120 §13.7.1.2
 *       allows a DNS domain name as the server identity).</li>
 *   <li>{@link io.starling.core.tls.TlsContextFactory} turns PEM files into a server context: TLS 1.3 and 1.2 only
 *       (RFC 6120 §5.3.1 and RFC 7590 §3.1 leave versions to current practice; RFC 8996 deprecates 1.0/1.1), AEAD
 *       cipher suites with forward secrecy (RFC 7525 §4.2), BoringSSL when available.</li>
 *   <li>{@link io.starling.core.tls.TlsServerContext} carries the context and the server certificate, whose DER
 *       bytes SASL needs for {@code tls-server-end-point} channel binding (RFC 5929 §4).</li>
 * </ul>
 */
package io.starling.core.tls;
