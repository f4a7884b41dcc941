package io.starling.core.tls;

import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.starling.core.config.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server {@link TlsServerContext} from {@link TlsConfig}, or from the self-signed pair when no files are
 * configured.
 *
 * <ul>
 *   <li>Protocols TLS 1.3 and TLS 1.2 only (RFC 8996); AEAD suites with ECDHE only for 1.2 (RFC 7525 §4.2).</li>
 *   <li>Provider {@link SslProvider#OPENSSL_REFCNT} (BoringSSL) when netty-tcnative loads, else the JDK. The
 *       reference-counted variant is chosen over {@code OPENSSL} because the latter registers a finalizer per
 *       engine, i.e. per connection; its price is an explicit {@link TlsServerContext#close()}.</li>
 *   <li>Keys are parsed by BouncyCastle (PKCS#8, PKCS#1, SEC 1) rather than by Netty, which reads PKCS#8 only
 *       without BouncyCastle on the class path; the key is checked against the certificate here, at start, instead
 *       of at the first handshake.</li>
 *   <li>Idle-connection memory: BoringSSL frees its record buffers whenever they are empty (its
 *       {@code SSL_MODE_RELEASE_BUFFERS} is a no-op because that is always the behaviour) and the handshake state
 *       after the handshake; the server key material is built once and shared by reference by all connections;
 *       the server session cache is bounded ({@link #SESSION_CACHE_SIZE}). What stays per idle connection is the
 *       {@code SSL} object, tcnative's 2 KiB non-application BIO buffer and a few small Java objects.</li>
 *   <li>Session resumption, so that a reconnecting client skips the certificate and the signature: TLS 1.2 by
 *       session id from the bounded cache or by ticket (RFC 5077) for clients that offer one, TLS 1.3 by ticket
 *       (RFC 8446 §2.2, §4.6.1), which BoringSSL resumes with a fresh (EC)DHE exchange (psk_dhe_ke), so resumed
 *       connections keep forward secrecy. Netty sets {@code SSL_OP_NO_TICKET} on the context and clears it again
 *       on each engine that may speak TLS 1.3 (unless {@code -Djdk.tls.server.enableSessionTicketExtension=false});
 *       tickets are turned on here for the whole context instead, with no keys of ours: BoringSSL generates the
 *       ticket keys in memory and rotates them itself, so tickets cost the server no memory and die with the
 *       process. The JDK provider issues stateless tickets by default.</li>
 * </ul>
 */
public final class TlsContextFactory {
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** Sessions kept for TLS 1.2 resumption by session id; tickets (TLS 1.3, and 1.2 clients that ask) need none. */
    static final long SESSION_CACHE_SIZE = 10_000;
    /** Seconds a session or TLS 1.3 ticket may be resumed. */
    static final long SESSION_TIMEOUT_SECONDS = 3_600;

    private static final Logger LOG = LoggerFactory.getLogger(TlsContextFactory.class);

    private final TlsConfig config;
    private final SelfSignedCertificateStore selfSigned;
    private final SslProvider provider;

    /**
     * @param config     configured PEM files, if any
     * @param selfSigned consulted only when {@code config} names no files
     */
    public TlsContextFactory(TlsConfig config, SelfSignedCertificateStore selfSigned) {
        this(config, selfSigned, preferredProvider());
    }

    TlsContextFactory(TlsConfig config, SelfSignedCertificateStore selfSigned, SslProvider provider) {
        this.config = Objects.requireNonNull(config, "config");
        this.selfSigned = Objects.requireNonNull(selfSigned, "selfSigned");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** BoringSSL when netty-tcnative is usable on this platform and speaks TLS 1.3, else the JDK. */
    public static SslProvider preferredProvider() {
        boolean boringSsl = OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL_REFCNT);
        return boringSsl ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    }

    /**
     * Reads the key material (generating the self-signed pair if needed) and builds the context; call once at
     * start and share the result.
     *
     * @throws TlsMaterialException if a file is missing, unreadable, encrypted or mismatched, or the context
     *                              cannot be built
     */
    public TlsServerContext create() {
        PemFiles files = config.generated() ? selfSigned.obtain()
                : new PemFiles(config.certificateFile(), config.keyFile());
        PemKeyMaterial material = PemKeyMaterial.read(files);
        SslContext context;
        try {
            context = SslContextBuilder.forServer(material.key(), material.chainArray())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(ClientAuth.NONE)
                    .sessionCacheSize(SESSION_CACHE_SIZE)
                    .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                    .build();
            if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
                sessions.setTicketKeys(); // tickets on, keys made and rotated by BoringSSL (see above)
            }
        } catch (SSLException | RuntimeException e) {
            throw new TlsMaterialException("cannot build a TLS context from " + files.certificateFile() + ": "
                    + e.getMessage(), e);
        }
        logOnce(files, material);
        return new TlsServerContext(context, provider, material.leaf());
    }

    private void logOnce(PemFiles files, PemKeyMaterial material) {
        if (provider == SslProvider.JDK && !OpenSsl.isAvailable()) {
            LOG.info("netty-tcnative unavailable ({}), using the JDK TLS provider",
                    String.valueOf(OpenSsl.unavailabilityCause()));
        }
        LOG.info("TLS provider {} ({}), protocols {}, certificate {} for {} valid until {}", provider,
                provider == SslProvider.JDK ? "JDK " + Runtime.version().feature() : OpenSsl.versionString(),
                PROTOCOLS, files.certificateFile(), material.leaf().getSubjectX500Principal().getName(),
                material.leaf().getNotAfter().toInstant());
    }
}
