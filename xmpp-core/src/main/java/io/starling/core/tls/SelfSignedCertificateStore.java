package io.starling.core.tls;

import java.io.IOException;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate used when no certificate is configured: {@code <dataDir>/tls/<domain>.crt} and
 * {@code <domain>.key} (PEM, PKCS#8 key, file mode 0600, directory 0700 where the file system is POSIX).
 *
 * <p>Generated at the first {@link #obtain()} and reused on later starts, so clients that pinned it keep
 * working. It is generated anew only when a file is missing or unreadable, the key does not match the
 * certificate, or the certificate expires within {@link #RENEW_BEFORE}. Files are written to a temporary file,
 * synced and renamed, key first, so a crash leaves either the old pair or a pair that fails the match check.
 */
public final class SelfSignedCertificateStore {
    /** A certificate this close to its end is replaced at start. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedCertificateStore.class);

    private final String domain;
    private final Path directory;
    private final PemFiles files;
    private final Clock clock;

    public SelfSignedCertificateStore(Path dataDir, String domain) {
        this(dataDir, domain, Clock.systemUTC());
    }

    SelfSignedCertificateStore(Path dataDir, String domain, Clock clock) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(domain, "domain");
        this.clock = Objects.requireNonNull(clock, "clock");
        String bare = domain.startsWith("[") && domain.endsWith("]") ? domain.substring(1, domain.length() - 1)
                : domain;
        this.domain = IDN.toASCII(bare, IDN.ALLOW_UNASSIGNED);
        if (this.domain.isEmpty() || !this.domain.matches("[A-Za-z0-9._:\\-]+") || this.domain.startsWith(".")) {
            throw new IllegalArgumentException("not a domain name: " + domain);
        }
        String fileBase = this.domain.replace(':', '_');
        this.directory = dataDir.resolve("tls");
        this.files = new PemFiles(directory.resolve(fileBase + ".crt"), directory.resolve(fileBase + ".key"));
    }

    /** Where the pair lives; the files may not exist yet. */
    public PemFiles files() {
        return files;
    }

    /**
     * Returns the pair, generating it first if needed. Runs at start only; {@code synchronized} so that two
     * listeners starting at once cannot both generate.
     *
     * @throws TlsMaterialException if the pair cannot be generated or written
     */
    public synchronized PemFiles obtain() {
        String reason = reasonToRegenerate();
        if (reason == null) {
            LOG.debug("Reusing the self-signed certificate {}", files.certificateFile());
            return files;
        }
        LOG.info("Generating a self-signed certificate for {} in {}: {}", domain, directory, reason);
        try {
            SelfSignedCertificateGenerator generator = new SelfSignedCertificateGenerator(clock);
            KeyPair keyPair = generator.newKeyPair();
            X509Certificate certificate = generator.selfSign(keyPair, "SHA256withECDSA", domain);
            createDirectory();
            byte[] key = pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
            try {
                writeAtomically(files.keyFile(), key, "rw-------");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            writeAtomically(files.certificateFile(), pem("CERTIFICATE", certificate.getEncoded()), "rw-r--r--");
            LOG.info("Self-signed certificate {} valid until {}, SHA-256 fingerprint {}", files.certificateFile(),
                    certificate.getNotAfter().toInstant(), fingerprint(certificate));
            return files;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsMaterialException("cannot write a self-signed certificate to " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Null when the existing pair can be used, else why not. */
    private String reasonToRegenerate() {
        if (!Files.exists(files.certificateFile()) || !Files.exists(files.keyFile())) {
            return "none yet";
        }
        try {
            X509Certificate leaf = PemKeyMaterial.read(files).leaf();
            Instant notAfter = leaf.getNotAfter().toInstant();
            if (clock.instant().plus(RENEW_BEFORE).isAfter(notAfter)) {
                return "the old one expires at " + notAfter;
            }
            return null;
        } catch (TlsMaterialException e) {
            LOG.warn("The self-signed certificate pair is unusable and will be replaced: {}", e.getMessage());
            return "the old pair is unusable";
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (posix(parent)) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(directory);
        }
    }

    private static void writeAtomically(Path target, byte[] content, String permissions) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        // createTempFile makes the file 0600 on POSIX, so the key is never readable by others, not even briefly.
        Path temporary = Files.createTempFile(directory, target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix(directory)) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(permissions));
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static boolean posix(Path directory) throws IOException {
        return Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
