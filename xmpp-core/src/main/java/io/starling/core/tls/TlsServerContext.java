package io.starling.core.tls;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

/**
 * A server {@link SslContext} and the certificate it presents. Shared by all TLS listeners of the process and
 * thread-safe; {@link #close()} it after the listeners have stopped and their channels are closed (with the
 * {@link SslProvider#OPENSSL_REFCNT} provider it frees the native {@code SSL_CTX}; engines already handed out hold
 * their own reference and are released by their {@code SslHandler} when the channel closes).
 */
public final class TlsServerContext implements AutoCloseable {
    private final SslContext sslContext;
    private final SslProvider provider;
    private final X509Certificate certificate;
    private final byte[] certificateDer;
    private final AtomicBoolean closed = new AtomicBoolean();

    TlsServerContext(SslContext sslContext, SslProvider provider, X509Certificate certificate) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        try {
            this.certificateDer = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new TlsMaterialException("cannot encode the server certificate", e);
        }
    }

    /** For {@code sslContext().newHandler(channel.alloc())} on each accepted channel. */
    public SslContext sslContext() {
        return sslContext;
    }

    /** {@link SslProvider#OPENSSL_REFCNT} (BoringSSL from netty-tcnative) or {@link SslProvider#JDK}. */
    public SslProvider provider() {
        return provider;
    }

    /** The leaf certificate the server presents. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The leaf certificate in DER, the input of the {@code tls-server-end-point} channel binding (RFC 5929 §4.1:
     * hash it with the certificate's signature hash, SHA-256 when that is MD5 or SHA-1). A copy.
     */
    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    /** Releases the context; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ReferenceCountUtil.release(sslContext);
        }
    }
}
