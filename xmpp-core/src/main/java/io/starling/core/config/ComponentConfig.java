package io.starling.core.config;

/**
 * One external component (XEP-0114) allowed to connect, configured under {@code components:} by its domain.
 *
 * @param secret  the shared secret of the handshake; required, at least {@value #MIN_SECRET_LENGTH} characters
 * @param trusted when true the component may also send from any address with a local part in the served domain
 *                ({@code notify@localhost}, a member's JID); otherwise only from its own domain (default false)
 */
public record ComponentConfig(String secret, boolean trusted) {
    public static final int MIN_SECRET_LENGTH = 16;

    public ComponentConfig {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret is required");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "ComponentConfig[secret=***, trusted=" + trusted + "]";
    }
}
