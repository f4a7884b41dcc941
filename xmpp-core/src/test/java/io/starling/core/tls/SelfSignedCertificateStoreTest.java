package io.starling.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateStoreTest {
    @TempDir
    Path dataDir;

    @Test
    void firstCall_generatesPemPairUnderDataDirTls() throws Exception {
        PemFiles files = new SelfSignedCertificateStore(dataDir, "example.org").obtain();

        assertThat(files.certificateFile()).isEqualTo(dataDir.resolve("tls/example.org.crt")).isRegularFile();
        assertThat(files.keyFile()).isEqualTo(dataDir.resolve("tls/example.org.key")).isRegularFile();
        assertThat(Files.readString(files.certificateFile())).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Files.readString(files.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----\n");
        try (var tls = Files.list(dataDir.resolve("tls"))) {
            assertThat(tls).hasSize(2); // no temporary files left behind
        }
    }

    @Test
    void firstCall_writesKeyReadableByOwnerOnly() throws Exception {
        assertThat(Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class))
                .as("this test needs a POSIX file system").isTrue();

        PemFiles files = new SelfSignedCertificateStore(dataDir, "example.org").obtain();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.keyFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls"))))
                .isEqualTo("rwx------");
    }

    @Test
    void secondCall_returnsTheSameCertificate() throws Exception {
        PemFiles first = new SelfSignedCertificateStore(dataDir, "example.org").obtain();
        byte[] certificate = Files.readAllBytes(first.certificateFile());
        byte[] key = Files.readAllBytes(first.keyFile());

        PemFiles second = new SelfSignedCertificateStore(dataDir, "example.org").obtain();

        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(second.certificateFile())).isEqualTo(certificate);
        assertThat(Files.readAllBytes(second.keyFile())).isEqualTo(key);
    }

    @Test
    void certificate_namesDomainAndWildcardForTenYears() throws Exception {
        X509Certificate certificate = read(new SelfSignedCertificateStore(dataDir, "example.org").obtain());

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
        assertThat(certificate.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "example.org"), List.of(2, "*.example.org"));
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        Duration validity = Duration.between(certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        assertThat(validity).isBetween(Duration.ofDays(3650), Duration.ofDays(3652));
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void expiredCertificate_isRegenerated() throws Exception {
        Clock elevenYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(11 * 365)), ZoneOffset.UTC);
        X509Certificate old = read(new SelfSignedCertificateStore(dataDir, "example.org", elevenYearsAgo).obtain());

        X509Certificate renewed = read(new SelfSignedCertificateStore(dataDir, "example.org").obtain());

        assertThat(renewed).isNotEqualTo(old);
        assertThat(renewed.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(3000)));
    }

    @Test
    void corruptKey_isRegenerated() throws Exception {
        PemFiles files = new SelfSignedCertificateStore(dataDir, "example.org").obtain();
        X509Certificate old = read(files);
        Files.writeString(files.keyFile(), "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");

        X509Certificate renewed = read(new SelfSignedCertificateStore(dataDir, "example.org").obtain());

        assertThat(renewed).isNotEqualTo(old);
        PemKeyMaterial.read(files); // the new pair is consistent
    }

    @Test
    void keyOfAnotherPair_isRegenerated() throws Exception {
        PemFiles mine = new SelfSignedCertificateStore(dataDir, "example.org").obtain();
        PemFiles other = new SelfSignedCertificateStore(dataDir, "example.net").obtain();
        Files.copy(other.keyFile(), mine.keyFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        X509Certificate old = read(mine);

        assertThat(read(new SelfSignedCertificateStore(dataDir, "example.org").obtain())).isNotEqualTo(old);
    }

    @Test
    void ipLiteralDomain_getsAnIpAddressName() throws Exception {
        X509Certificate certificate = read(new SelfSignedCertificateStore(dataDir, "127.0.0.1").obtain());

        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(7, "127.0.0.1"));
    }

    @Test
    void domainWithPathSeparator_isRejected() {
        assertThatThrownBy(() -> new SelfSignedCertificateStore(dataDir, "../etc"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SelfSignedCertificateStore(dataDir, "a/b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static X509Certificate read(PemFiles files) throws Exception {
        try (InputStream in = Files.newInputStream(files.certificateFile())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
