package io.starling.core.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PEM certificate chain (leaf first) and its private key.
 *
 * @param certificateFile one or more {@code CERTIFICATE} blocks
 * @param keyFile         one {@code PRIVATE KEY}, {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY} block, unencrypted
 */
public record PemFiles(Path certificateFile, Path keyFile) {
    public PemFiles {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
