/**
 * Accounts and their credentials.
 *
 * <p>Only SCRAM verifiers are stored (RFC 5802 §3, RFC 7677 §4): per hash, {@code salt}, {@code i},
 * {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and {@code ServerKey = HMAC(SaltedPassword,
 * "Server Key")}, with {@code SaltedPassword = Hi(OpaqueString(password), salt, i)} — the password is prepared
 * with the PRECIS OpaqueString profile (RFC 8265 §4.2) as RFC 6120 §6.3.8 / RFC 7622 require. Usernames are JID
 * localparts normalised with PRECIS UsernameCaseMapped (RFC 7622 §3.3).
 *
 * <p>{@link io.starling.core.user.UserRepository} is the small synchronous store; {@link
 * io.starling.core.user.UserService} is the async façade the server calls, with JDBC on the {@code starling-jdbc}
 * executor and PBKDF2 on the bounded {@code starling-auth} executor.
 */
package io.starling.core.user;
