package io.starling.loadtest.session;

/** SASL PLAIN (RFC 4616): {@code \0user\0password}, no challenge. */
public final class PlainSaslClient implements SaslClient {
    private final String response;

    public PlainSaslClient(String username, String password) {
        this.response = "\0" + username + "\0" + password;
    }

    @Override
    public String mechanism() {
        return "PLAIN";
    }

    @Override
    public String initialResponse() {
        return response;
    }

    @Override
    public String respond(String challenge) {
        throw new IllegalStateException("PLAIN has no challenge");
    }

    @Override
    public void verifySuccess(String additionalData) {
        // nothing to verify
    }
}
