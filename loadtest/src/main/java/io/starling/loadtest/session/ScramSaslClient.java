package io.starling.loadtest.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.ScramMechanism;
import com.ongres.scram.common.ServerFirstMessage;
import com.ongres.scram.common.StringPreparation;

/**
 * SCRAM-SHA-1 / SCRAM-SHA-256 without channel binding (RFC 5802, RFC 7677) through the ongres scram-client.
 *
 * <p>The salted password comes from the run's {@link SaltedPasswordCache}, so members sharing a password and a
 * salt cost one PBKDF2 between them. Every exchange still verifies the server's signature.
 */
public final class ScramSaslClient implements SaslClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String mechanism;
    private final String username;
    private final String password;
    private final String nonce;
    private final SaltedPasswordCache saltedPasswords;
    private ScramClient scram;

    public ScramSaslClient(String mechanism, String username, String password, SaltedPasswordCache saltedPasswords) {
        this(mechanism, username, password, randomNonce(), saltedPasswords);
    }

    /** With a fixed client nonce, for tests against published vectors. */
    public ScramSaslClient(String mechanism, String username, String password, String nonce,
                           SaltedPasswordCache saltedPasswords) {
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.nonce = nonce;
        this.saltedPasswords = saltedPasswords;
    }

    private static String randomNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Override
    public String mechanism() {
        return mechanism;
    }

    @Override
    public String initialResponse() {
        // Building the client costs nothing: PBKDF2 waits for the salt in the server-first-message.
        return builder().password(password.toCharArray()).nonceSupplier(() -> nonce).build()
                .clientFirstMessage().toString();
    }

    @Override
    public String respond(String challenge) {
        if (scram != null) {
            // Some servers send the server-final-message as a last challenge (RFC 6120 §6.4.3).
            verifySuccess(challenge);
            return "";
        }
        try {
            ServerFirstMessage first = ServerFirstMessage.parseFrom(challenge, nonce);
            ScramMechanism m = ScramMechanism.byName(mechanism);
            byte[] salted = saltedPasswords.get(mechanism, first.getSalt(), first.getIterationCount(), password,
                    () -> ScramFunctions.saltedPassword(m, StringPreparation.SASL_PREPARATION,
                            password.toCharArray(), Base64.getDecoder().decode(first.getSalt()),
                            first.getIterationCount()));
            scram = builder().saltedPassword(salted).nonceSupplier(() -> nonce).build();
            scram.clientFirstMessage();
            scram.serverFirstMessage(challenge);
            return scram.clientFinalMessage().toString();
        } catch (Exception e) {
            throw new IllegalStateException("bad server-first-message", e);
        }
    }

    private ScramClient.PasswordBuildStage builder() {
        return ScramClient.builder().advertisedMechanisms(List.of(mechanism)).username(username);
    }

    @Override
    public void verifySuccess(String additionalData) {
        if (scram == null) {
            throw new IllegalStateException("success before the challenge");
        }
        try {
            scram.serverFinalMessage(additionalData);
        } catch (Exception e) {
            throw new IllegalStateException("server signature does not verify", e);
        }
    }
}
