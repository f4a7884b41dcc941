package io.starling.core.user;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What SASL needs from the user store. Stages complete on a store thread (JDBC or hashing); the caller hops back
 * to its own executor.
 */
public interface CredentialSource {

    /** The SCRAM credentials of an account, empty for an unknown (or invalid) username. */
    CompletionStage<Optional<ScramCredentials>> scramCredentials(String username, ScramHash hash);

    /**
     * True if {@code password} is the account's password (SASL PLAIN). Takes as long for an unknown account as
     * for a known one.
     */
    CompletionStage<Boolean> verifyPassword(String username, String password);

    /**
     * True if the account exists (SASL PLAIN with a login token, whose signature already proved who the member
     * is); false for an unknown one. Pass a normalised username ({@link Username#normalise}): for one that cannot
     * be a localpart the stage may fail with {@link InvalidUsernameException}.
     */
    CompletionStage<Boolean> exists(String username);
}
