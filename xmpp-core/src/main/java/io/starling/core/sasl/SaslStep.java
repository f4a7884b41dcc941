package io.starling.core.sasl;

import java.util.Objects;

/** What a {@link SaslMechanism} answers to one client message. */
public sealed interface SaslStep {

    /** Send {@code <challenge/>} with {@code data} and wait for the next {@code <response/>}. */
    record Challenge(byte[] data) implements SaslStep {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /**
     * Send {@code <success/>} with {@code additionalData} (RFC 6120 §6.4.6; null for none) — the account
     * {@code username} (a normalised localpart) is authenticated.
     */
    record Success(byte[] additionalData, String username) implements SaslStep {
        public Success {
            additionalData = additionalData == null ? null : additionalData.clone();
            Objects.requireNonNull(username, "username");
        }

        @Override
        public byte[] additionalData() {
            return additionalData == null ? null : additionalData.clone();
        }
    }

    /** Send {@code <failure/>} with {@code condition} and, if not null, {@code <text/>}. The attempt is over. */
    record Failure(SaslFailure condition, String text) implements SaslStep {
        public Failure {
            Objects.requireNonNull(condition, "condition");
        }

        public static Failure of(SaslFailure condition) {
            return new Failure(condition, null);
        }
    }
}
