package io.starling.core.sasl;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.starling.core.config.AuthConfig;
import io.starling.core.user.CredentialSource;
import io.starling.core.user.ScramHash;

/**
 * The mechanisms this server offers, strongest first, and a factory of per-attempt instances. Thread-safe; one per
 * server.
 *
 * <p>Offered: {@code SCRAM-SHA-256-PLUS}, {@code SCRAM-SHA-1-PLUS} (only with a {@link ChannelBinding}, i.e.
 * under TLS), {@code SCRAM-SHA-256}, {@code SCRAM-SHA-1}, and {@code PLAIN} only when TLS is active (RFC 6120
 * §6.4.1: PLAIN sends the password itself). With -PLUS offered, also advertise XEP-0440
 * {@code <sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'><channel-binding type='tls-server-end-point'/>}.
 *
 * <p>With {@link AuthConfig#tokenSecret()} set, PLAIN also accepts a signed login token as the password
 * ({@link LoginTokenVerifier}); the mechanism list does not change.
 */
public final class SaslMechanisms {
    public static final String SCRAM_SHA_256_PLUS = "SCRAM-SHA-256-PLUS";
    public static final String SCRAM_SHA_1_PLUS = "SCRAM-SHA-1-PLUS";
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final String SCRAM_SHA_1 = "SCRAM-SHA-1";
    public static final String PLAIN = "PLAIN";

    private final CredentialSource credentials;
    private final ScramFakeCredentials fakes;
    private final NonceSource nonces;
    private final LoginTokenVerifier tokens;

    /**
     * Random server nonces; fake credentials for unknown accounts keyed by a random per-process secret; login
     * tokens accepted by PLAIN if {@code auth} has a token secret.
     */
    public SaslMechanisms(CredentialSource credentials, AuthConfig auth) {
        this(credentials, auth.scramIterations(), randomKey(), NonceSource.secureRandom(),
                auth.tokenLoginEnabled()
                        ? new LoginTokenVerifier(auth.tokenSecret(), auth.tokenMaxLifetime(), Clock.systemUTC())
                        : null);
    }

    /**
     * @param fakeIterations iteration count shown for unknown accounts: the one real accounts are created with
     * @param fakeSaltKey    secret from which unknown accounts' salts derive; persist it to keep them stable
     *                       across restarts
     * @param nonces         server nonce source
     */
    public SaslMechanisms(CredentialSource credentials, int fakeIterations, byte[] fakeSaltKey, NonceSource nonces) {
        this(credentials, fakeIterations, fakeSaltKey, nonces, null);
    }

    /** @param tokens the login token check PLAIN applies to a JWT-shaped password, or null for token login off */
    SaslMechanisms(CredentialSource credentials, int fakeIterations, byte[] fakeSaltKey, NonceSource nonces,
                   LoginTokenVerifier tokens) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.fakes = new ScramFakeCredentials(fakeSaltKey, fakeIterations);
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.tokens = tokens;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /** Mechanism names to advertise, in order of preference, without channel binding. */
    public static List<String> available(boolean tlsActive) {
        return available(tlsActive, null);
    }

    /**
     * Mechanism names to advertise, in order of preference.
     *
     * @param binding the connection's channel binding (see {@link ChannelBinding#tlsServerEndPoint}), or null
     */
    public static List<String> available(boolean tlsActive, ChannelBinding binding) {
        List<String> names = new ArrayList<>(5);
        if (tlsActive && binding != null) {
            names.add(SCRAM_SHA_256_PLUS);
            names.add(SCRAM_SHA_1_PLUS);
        }
        names.add(SCRAM_SHA_256);
        names.add(SCRAM_SHA_1);
        if (tlsActive) {
            names.add(PLAIN);
        }
        return List.copyOf(names);
    }

    /** A fresh instance of {@code name}, or null if it is not offered: answer {@link SaslFailure#INVALID_MECHANISM}. */
    public SaslMechanism create(String name, boolean tlsActive, String domain) {
        return create(name, tlsActive, null, domain);
    }

    /**
     * A fresh instance of {@code name} for one attempt, or null if {@code name} is not among
     * {@link #available(boolean, ChannelBinding)} for this connection: answer {@link SaslFailure#INVALID_MECHANISM}.
     *
     * @param domain the served domain; an authzid must be the account's bare JID in it
     */
    public SaslMechanism create(String name, boolean tlsActive, ChannelBinding binding, String domain) {
        if (name == null || !available(tlsActive, binding).contains(name)) {
            return null;
        }
        boolean plusOffered = tlsActive && binding != null;
        return switch (name) {
            case SCRAM_SHA_256_PLUS -> scram(ScramHash.SHA_256, binding, true, domain);
            case SCRAM_SHA_1_PLUS -> scram(ScramHash.SHA_1, binding, true, domain);
            case SCRAM_SHA_256 -> scram(ScramHash.SHA_256, null, plusOffered, domain);
            case SCRAM_SHA_1 -> scram(ScramHash.SHA_1, null, plusOffered, domain);
            case PLAIN -> new PlainMechanism(domain, credentials, tokens);
            default -> null;
        };
    }

    private SaslMechanism scram(ScramHash hash, ChannelBinding binding, boolean plusOffered, String domain) {
        return new ScramMechanism(hash, binding, plusOffered, domain, credentials, fakes, nonces);
    }

    static String scramName(ScramHash hash, boolean plus) {
        String base = hash == ScramHash.SHA_1 ? SCRAM_SHA_1 : SCRAM_SHA_256;
        return plus ? base + "-PLUS" : base;
    }
}
