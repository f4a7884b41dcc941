package io.starling.core.config;

import java.nio.file.Path;

/**
 * TLS material. With neither file set, a self-signed certificate for the domain is generated at first start and
 * kept under {@code dataDir/tls/}.
 *
 * @param certificateFile PEM certificate chain (default none)
 * @param keyFile         PEM PKCS#8 private key (default none)
 */
public record TlsConfig(Path certificateFile, Path keyFile) {
    public TlsConfig {
        if ((certificateFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("tls.certificate-file and tls.key-file go together");
        }
    }

    public static TlsConfig defaults() {
        return new TlsConfig(null, null);
    }

    public boolean generated() {
        return certificateFile == null;
    }
}
