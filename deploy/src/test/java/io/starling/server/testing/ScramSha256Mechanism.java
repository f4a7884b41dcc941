package io.starling.server.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.security.auth.callback.CallbackHandler;

import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

import com.ongres.scram.client.ScramClient;

/**
 * SCRAM-SHA-256 for Smack, which implements only SCRAM-SHA-1: the SCRAM work is done by the ongres scram-client
 * library (the one the PostgreSQL JDBC driver uses), so the server is checked against an independent client.
 */
public final class ScramSha256Mechanism extends SASLMechanism {
    public static final String NAME = "SCRAM-SHA-256";

    private ScramClient client;
    private int step;

    @Override
    protected void authenticateInternal(CallbackHandler cbh) {
        throw new UnsupportedOperationException("callback handlers are not used");
    }

    @Override
    protected byte[] getAuthenticationText() {
        client = ScramClient.builder()
                .advertisedMechanisms(List.of(NAME))
                .username(authenticationId)
                .password(password.toCharArray())
                .build();
        return client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        try {
            String text = new String(challenge, StandardCharsets.UTF_8);
            if (step++ == 0) {
                client.serverFirstMessage(text);
                return client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
            }
            client.serverFinalMessage(text);
            return null;
        } catch (Exception e) {
            throw new SmackSaslException(e);
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getPriority() {
        return 90;
    }

    @Override
    public void checkIfSuccessfulOrThrow() {
        // The server signature is verified in evaluateChallenge.
    }

    @Override
    public boolean authzidSupported() {
        return false;
    }

    @Override
    protected SASLMechanism newInstance() {
        return new ScramSha256Mechanism();
    }
}
