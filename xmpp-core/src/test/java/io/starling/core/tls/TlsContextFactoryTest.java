package io.starling.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import javax.net.ssl.SSLEngine;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.starling.core.config.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsContextFactoryTest {
    @TempDir
    Path dir;

    @Test
    void boringSsl_isAvailableAndPreferred() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(OpenSsl.versionString()).startsWith("BoringSSL");
        assertThat(TlsContextFactory.preferredProvider()).isEqualTo(SslProvider.OPENSSL_REFCNT);
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL_REFCNT"})
    void noFilesConfigured_usesTheSelfSignedPair(SslProvider provider) throws Exception {
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(dir, "example.org");

        try (TlsServerContext tls = new TlsContextFactory(TlsConfig.defaults(), store, provider).create()) {
            assertThat(tls.provider()).isEqualTo(provider);
            assertThat(tls.sslContext().isServer()).isTrue();
            assertThat(tls.certificateDer())
                    .isEqualTo(SelfSignedCertificateStoreTest.read(store.files()).getEncoded());
            assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
            // SSLv2Hello is a pseudo-protocol some engines list; no SSLv2 is spoken.
            withEngine(tls, engine -> assertThat(engine.getEnabledProtocols())
                    .contains("TLSv1.3", "TLSv1.2").doesNotContain("TLSv1.1", "TLSv1", "SSLv3"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL_REFCNT"})
    void rsaPkcs1Key_isAccepted(SslProvider provider) throws Exception {
        PemFiles files = TestKeyMaterial.rsaPkcs1(dir, "rsa.example.org");
        assertThat(Files.readString(files.keyFile())).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        try (TlsServerContext tls = factory(files, provider).create()) {
            assertThat(tls.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
            withEngine(tls, engine -> assertThat(engine.getEnabledCipherSuites())
                    .contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                    .allMatch(suite -> suite.contains("GCM") || suite.contains("CHACHA20")));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL_REFCNT"})
    void ecSec1Key_isAccepted(SslProvider provider) throws Exception {
        PemFiles files = TestKeyMaterial.ecSec1(dir, "ec.example.org");
        assertThat(Files.readString(files.keyFile())).startsWith("-----BEGIN EC PARAMETERS-----")
                .contains("-----BEGIN EC PRIVATE KEY-----");

        try (TlsServerContext tls = factory(files, provider).create()) {
            assertThat(tls.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        }
    }

    @Test
    void chainFile_isReadLeafFirst() throws Exception {
        PemFiles generated = new SelfSignedCertificateStore(dir, "example.org").obtain();
        PemFiles other = TestKeyMaterial.rsaPkcs1(dir, "ca.example.org");
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, "subject=CN=example.org\n" + Files.readString(generated.certificateFile())
                + Files.readString(other.certificateFile()));

        PemKeyMaterial material = PemKeyMaterial.read(new PemFiles(chain, generated.keyFile()));

        assertThat(material.chain()).hasSize(2);
        assertThat(material.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
    }

    @Test
    void keyOfAnotherCertificate_isRejectedNamingTheFiles() throws Exception {
        PemFiles a = TestKeyMaterial.ecSec1(dir, "a.example.org");
        PemFiles b = TestKeyMaterial.ecSec1(dir, "b.example.org");

        assertThatThrownBy(() -> factory(new PemFiles(a.certificateFile(), b.keyFile()), SslProvider.JDK).create())
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(b.keyFile().toString())
                .hasMessageContaining("does not belong");
    }

    @Test
    void missingFile_isRejectedNamingIt() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> factory(new PemFiles(missing, missing), SslProvider.JDK).create())
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void fileWithoutKey_isRejected() throws Exception {
        PemFiles files = TestKeyMaterial.ecSec1(dir, "example.org");

        assertThatThrownBy(() -> factory(new PemFiles(files.certificateFile(), files.certificateFile()),
                SslProvider.JDK).create())
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("no private key");
    }

    private TlsContextFactory factory(PemFiles files, SslProvider provider) {
        return new TlsContextFactory(new TlsConfig(files.certificateFile(), files.keyFile()),
                new SelfSignedCertificateStore(dir, "unused.example"), provider);
    }

    private static void withEngine(TlsServerContext tls, Consumer<SSLEngine> check) {
        SSLEngine engine = tls.sslContext().newEngine(ByteBufAllocator.DEFAULT);
        try {
            check.accept(engine);
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }
}
