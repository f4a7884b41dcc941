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
 *
 * <p>With token login on, a passwd shaped like a JWT is a login token instead ({@link LoginTokenVerifier}): its
 * signature is checked inline (one HMAC), then the account must exist. A refused token is {@code not-authorized},
 * exactly like a wrong password.
 */
final class PlainMechanism implements SaslMechanism {
    private static final Logger LOG = LoggerFactory.getLogger(PlainMechanism.class);
    private static final int MAX_FIELD_OCTETS = 1023; // RFC 4616 says 255 "characters" SHOULD; be lenient

    private final String domain;
    private final CredentialSource credentials;
    private final LoginTokenVerifier tokens;
    private boolean askedForInitialResponse;
    private boolean done;

    /** @param tokens the login token check, or null when token login is off */
    PlainMechanism(String domain, CredentialSource credentials, LoginTokenVerifier tokens) {
        this.domain = domain;
        this.credentials = credentials;
        this.tokens = tokens;
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
        if (tokens != null && LoginTokenVerifier.looksLikeToken(password)) {
            return tokenLogin(authcid, username, password);
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

    /**
     * The token's signature and times inline, then the account's existence on a store thread.
     *
     * @param username the normalised authcid, or null if it is no username (for the log: the raw authcid is the
     *                 client's text and stays out of it)
     */
    private CompletionStage<SaslStep> tokenLogin(String authcid, String username, String token) {
        String account;
        try {
            account = tokens.verify(token, authcid, domain);
        } catch (InvalidLoginTokenException e) {
            LOG.debug("PLAIN login token for '{}' refused: {}", username != null ? username : "(invalid username)",
                    e.getMessage());
            return failure(SaslFailure.NOT_AUTHORIZED, null);
        }
        return credentials.exists(account).handle((exists, error) -> {
            if (error != null) {
                LOG.warn("PLAIN login token: account lookup failed: {}", error.toString());
                return SaslStep.Failure.of(SaslFailure.TEMPORARY_AUTH_FAILURE);
            }
            if (!exists) {
                LOG.debug("PLAIN login token for '{}' refused: no such account", account);
                return SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED);
            }
            return new SaslStep.Success(null, account);
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
