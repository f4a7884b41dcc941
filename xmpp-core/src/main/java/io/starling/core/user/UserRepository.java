package io.starling.core.user;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Accounts and their SCRAM credentials. Synchronous and blocking: call it from the JDBC executor. Every method
 * normalises the username it is given ({@link Username#normalise}) and throws {@link InvalidUsernameException}
 * for one that cannot be a JID localpart.
 */
public interface UserRepository {

    /**
     * Creates the account with one credential per hash, in one transaction.
     *
     * @throws UserExistsException if the username is taken
     */
    void create(String username, List<ScramCredentials> credentials);

    /**
     * Creates many accounts in one transaction (bulk import). Each value holds one credential per hash.
     *
     * @param skipExisting true: a taken username is left as it is (its password unchanged) and not counted;
     *                     false: a taken username rolls the whole batch back
     * @return how many accounts were created
     * @throws UserExistsException if {@code skipExisting} is false and a username is taken
     */
    int createAll(Map<String, List<ScramCredentials>> accounts, boolean skipExisting);

    /** Replaces the credentials of each given hash; false if there is no such account. */
    boolean changePassword(String username, List<ScramCredentials> credentials);

    /** Deletes the account and its credentials; false if there was none. */
    boolean delete(String username);

    boolean exists(String username);

    /** Which of the given (normalised) usernames are taken, in one query. */
    Set<String> existing(Collection<String> usernames);

    /** Usernames in ascending (byte) order, at most {@code limit} after skipping {@code offset}. */
    List<String> list(int limit, int offset);

    long count();

    /** The account's credentials for {@code hash}, empty if there is no such account or none for that hash. */
    Optional<ScramCredentials> credentials(String username, ScramHash hash);
}
