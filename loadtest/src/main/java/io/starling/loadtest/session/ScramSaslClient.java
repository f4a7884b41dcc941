package io.starling.loadtest.session;

import java.util.List;

import com.ongres.scram.client.ScramClient;

/** SCRAM-SHA-1 / SCRAM-SHA-256 without channel binding (RFC 5802, RFC 7677) through the ongres scram-client. */
public final class ScramSaslClient implements SaslClient {
    private final ScramClient scram;
    private final String mechanism;

    public ScramSaslClient(String mechanism, String username, String password) {
        this(ScramClient.builder().advertisedMechanisms(List.of(mechanism)).username(username)
                .password(password.toCharArray()).build(), mechanism);
    }

    /** With a fixed client nonce, for tests against published vectors. */
    public ScramSaslClient(String mechanism, String username, String password, String nonce) {
        this(ScramClient.builder().advertisedMechanisms(List.of(mechanism)).username(username)
                .password(password.toCharArray()).nonceSupplier(() -> nonce).build(), mechanism);
    }

    private ScramSaslClient(ScramClient scram, String mechanism) {
        this.scram = scram;
        this.mechanism = mechanism;
    }

    @Override
    public String mechanism() {
        return mechanism;
    }

    @Override
    public String initialResponse() {
        return scram.clientFirstMessage().toString();
    }

    @Override
    public String respond(String challenge) {
        try {
            scram.serverFirstMessage(challenge);
        } catch (Exception e) {
            throw new IllegalStateException("bad server-first-message", e);
        }
        return scram.clientFinalMessage().toString();
    }

    @Override
    public void verifySuccess(String additionalData) {
        try {
            scram.serverFinalMessage(additionalData);
        } catch (Exception e) {
            throw new IllegalStateException("server signature does not verify", e);
        }
    }
}
