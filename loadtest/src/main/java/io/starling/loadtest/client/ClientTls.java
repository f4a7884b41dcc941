package io.starling.loadtest.client;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * The load generator's TLS client context, shared by all its connections of one transport: BoringSSL
 * (netty-tcnative) when it loads, the JDK provider otherwise — chosen here rather than left to Netty's default, so
 * that the generator's side of a TLS benchmark is the native one whenever it can be. Certificates are not verified
 * (load testing). Sessions are cached per server address: when the server issues session tickets, a later
 * connection resumes a session an earlier one got, as a reconnecting client would.
 */
final class ClientTls {
    private ClientTls() {
    }

    /** {@link SslProvider#OPENSSL} (BoringSSL) when netty-tcnative is usable here, else {@link SslProvider#JDK}. */
    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** A client context that trusts any certificate. */
    static SslContext insecureContext() {
        try {
            return SslContextBuilder.forClient().sslProvider(provider())
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS client context", e);
        }
    }
}
