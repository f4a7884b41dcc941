package io.starling.core.sasl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.user.CredentialSource;
import io.starling.core.user.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, checked by recomputing the account's SCRAM-SHA-256
 * StoredKey from the password ({@link CredentialSource#verifyPassword}). Offered only under TLS.
 */
final class PlainMechanism implements SaslMechanism {
    private static final Logger LOG = LoggerFactory.getLogger(PlainMechanism.class);
    private static final int MAX_FIELD_OCTETS = 1023; // RFC 4616 says 255 "characters" SHOULD; be lenient

    private final String domain;
    private final CredentialSource credentials;
    private boolean askedForInitialResponse;
    private boolean done;

    PlainMechanism(String domain, CredentialSource credentials) {
        this.domain = domain;
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return SaslMechanisms.PLAIN;
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] clientResponse) {
        if (done) {
            return failure(SaslFailure.MALFORMED_REQUEST, "exchange is over");
        }
        if (clientResponse == null && !askedForInitialResponse) {
            askedForInitialResponse = true; // RFC 4616 §2: the client may wait for an empty challenge
            return CompletableFuture.completedFuture(new SaslStep.Challenge(new byte[0]));
        }
        done = true;
        String message;
        try {
            message = ScramMechanism.utf8(clientResponse);
        } catch (ScramException e) {
            return failure(SaslFailure.MALFORMED_REQUEST, "not UTF-8");
        }
        int nul1 = message.indexOf('\0');
        int nul2 = nul1 < 0 ? -1 : message.indexOf('\0', nul1 + 1);
        if (nul2 < 0 || message.indexOf('\0', nul2 + 1) >= 0) {
            return failure(SaslFailure.MALFORMED_REQUEST, "expected authzid NUL authcid NUL passwd");
        }
        String authzid = message.substring(0, nul1);
        String authcid = message.substring(nul1 + 1, nul2);
        String password = message.substring(nul2 + 1);
        if (authcid.isEmpty() || password.isEmpty() || authcid.length() > MAX_FIELD_OCTETS
                || password.length() > MAX_FIELD_OCTETS || authzid.length() > 3 * MAX_FIELD_OCTETS) {
            return failure(SaslFailure.MALFORMED_REQUEST, "empty or overlong authcid or passwd");
        }
        String username;
        try {
            username = Username.normalise(authcid);
        } catch (IllegalArgumentException e) {
            username = null;
        }
        if (!authzid.isEmpty() && !authzidMatches(authzid, username)) {
            return failure(SaslFailure.INVALID_AUTHZID, null); // RFC 6120 §6.4.6
        }
        String account = username;
        // An invalid name still costs a full hash in verifyPassword, like any unknown account.
        return credentials.verifyPassword(account != null ? account : authcid, password).handle((ok, error) -> {
            if (error != null) {
                LOG.warn("PLAIN password check failed: {}", error.toString());
                return SaslStep.Failure.of(SaslFailure.TEMPORARY_AUTH_FAILURE);
            }
            return ok && account != null ? new SaslStep.Success(null, account)
                    : SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED);
        });
    }

    private boolean authzidMatches(String authzid, String username) {
        Jid requested = Jid.parseOrNull(authzid);
        return username != null && requested != null && requested.equals(Jid.of(username, domain, null));
    }

    private static CompletionStage<SaslStep> failure(SaslFailure condition, String text) {
        return CompletableFuture.completedFuture(new SaslStep.Failure(condition, text));
    }
}
