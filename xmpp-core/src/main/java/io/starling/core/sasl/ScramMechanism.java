package io.starling.core.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.starling.core.jid.Jid;
import io.starling.core.user.CredentialSource;
import io.starling.core.user.ScramCredentials;
import io.starling.core.user.ScramHash;
import io.starling.core.user.Username;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCRAM-SHA-1 (RFC 5802), SCRAM-SHA-256 (RFC 7677) and, with a {@link ChannelBinding}, their -PLUS variants — the
 * server side of one exchange:
 * <pre>
 * C: n,,n=user,r=cnonce                       → S: r=cnonce+snonce,s=salt,i=4096
 * C: c=biws,r=cnonce+snonce,p=proof           → S: v=ServerSignature (success additional data)
 * </pre>
 * An unknown account gets credentials derived from a secret key and the name (same salt on every attempt, the
 * same work done), and fails at the proof like a wrong password: nothing tells the two apart (RFC 5802 §9).
 */
final class ScramMechanism implements SaslMechanism {
    private static final Logger LOG = LoggerFactory.getLogger(ScramMechanism.class);

    private enum State { AWAIT_CLIENT_FIRST, AWAIT_CLIENT_FINAL, DONE }

    private final ScramHash hash;
    private final ChannelBinding binding;
    private final boolean plusOffered;
    private final String domain;
    private final CredentialSource credentials;
    private final ScramFakeCredentials fakes;
    private final NonceSource nonces;

    private State state = State.AWAIT_CLIENT_FIRST;
    private boolean askedForInitialResponse;
    private ScramClientFirst clientFirst;
    private String serverFirst;
    private String nonce;
    private String username;
    private ScramCredentials account;
    private boolean fake;

    /**
     * @param binding     the channel binding for a -PLUS mechanism, null for the plain one
     * @param plusOffered whether the -PLUS variants were offered on this stream (a client flag {@code y} is then a
     *                    downgrade, RFC 5802 §6)
     */
    ScramMechanism(ScramHash hash, ChannelBinding binding, boolean plusOffered, String domain,
                   CredentialSource credentials, ScramFakeCredentials fakes, NonceSource nonces) {
        this.hash = hash;
        this.binding = binding;
        this.plusOffered = plusOffered;
        this.domain = domain;
        this.credentials = credentials;
        this.fakes = fakes;
        this.nonces = nonces;
    }

    @Override
    public String name() {
        return SaslMechanisms.scramName(hash, binding != null);
    }

    @Override
    public CompletionStage<SaslStep> evaluate(byte[] clientResponse) {
        try {
            switch (state) {
                case AWAIT_CLIENT_FIRST:
                    if (clientResponse == null && !askedForInitialResponse) {
                        askedForInitialResponse = true; // RFC 6120 §6.4.2: an empty challenge asks for it
                        return done(new SaslStep.Challenge(new byte[0]));
                    }
                    return clientFirst(utf8(clientResponse));
                case AWAIT_CLIENT_FINAL:
                    return done(clientFinal(utf8(clientResponse)));
                default:
                    throw ScramException.malformed("exchange is over");
            }
        } catch (ScramException e) {
            return done(e.toFailure());
        }
    }

    private CompletionStage<SaslStep> clientFirst(String message) throws ScramException {
        ScramClientFirst first = ScramClientFirst.parse(message);
        checkChannelBindingFlag(first);
        String name = normaliseOrNull(first.username());
        if (first.authzid() != null && !authzidMatches(first.authzid(), name)) {
            // RFC 6120 §6.4.6: an authzid other than the account's own bare JID is refused.
            throw new ScramException(SaslFailure.INVALID_AUTHZID, null);
        }
        clientFirst = first;
        username = name;
        nonce = first.nonce() + nonces.next();
        state = State.AWAIT_CLIENT_FINAL;
        CompletionStage<Optional<ScramCredentials>> lookup = name == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : credentials.scramCredentials(name, hash);
        return lookup.handle((found, error) -> {
            if (error != null) {
                state = State.DONE;
                LOG.warn("SCRAM credential lookup failed: {}", error.toString());
                return SaslStep.Failure.of(SaslFailure.TEMPORARY_AUTH_FAILURE);
            }
            fake = found.isEmpty();
            // Keyed by the normalised name, so "User" and "user" get the same salt as they would for a real account.
            account = found.orElseGet(() -> fakes.forName(hash, name != null ? name : first.username()));
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(account.salt())
                    + ",i=" + account.iterations();
            return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        });
    }

    private void checkChannelBindingFlag(ScramClientFirst first) throws ScramException {
        if (binding != null) {
            if (first.cbindFlag() != 'p') {
                throw ScramException.malformed("channel binding is required by " + name());
            }
            if (!binding.type().equals(first.cbName())) {
                throw ScramException.malformed("unsupported-channel-binding-type");
            }
        } else if (first.cbindFlag() == 'p') {
            throw ScramException.malformed("channel-binding-not-supported");
        } else if (first.cbindFlag() == 'y' && plusOffered) {
            // RFC 5802 §6: the client thinks we cannot bind, but we offered -PLUS: a downgrade attack.
            throw new ScramException(SaslFailure.NOT_AUTHORIZED, "server-does-support-channel-binding");
        }
    }

    private SaslStep clientFinal(String message) throws ScramException {
        state = State.DONE;
        ScramClientFinal last = ScramClientFinal.parse(message);
        boolean ok = !fake;
        if (!MessageDigest.isEqual(expectedChannelBinding(), last.channelBinding())) {
            throw new ScramException(SaslFailure.NOT_AUTHORIZED, "channel-bindings-dont-match");
        }
        if (!nonce.equals(last.nonce())) {
            throw new ScramException(SaslFailure.NOT_AUTHORIZED, "invalid-proof");
        }
        if (last.proof().length != hash.length()) {
            throw ScramException.malformed("invalid-proof");
        }
        byte[] authMessage = (clientFirst.bare() + "," + serverFirst + "," + last.withoutProof())
                .getBytes(StandardCharsets.UTF_8);
        byte[] storedKey = account.storedKey();
        byte[] clientKey = hash.hmac(storedKey, authMessage); // ClientSignature
        byte[] proof = last.proof();
        for (int i = 0; i < clientKey.length; i++) {
            clientKey[i] ^= proof[i]; // ClientKey = ClientProof XOR ClientSignature
        }
        ok &= MessageDigest.isEqual(hash.hash(clientKey), storedKey); // constant time
        Arrays.fill(clientKey, (byte) 0);
        if (!ok) {
            return SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED);
        }
        byte[] serverSignature = hash.hmac(account.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new SaslStep.Success(serverFinal.getBytes(StandardCharsets.UTF_8), username);
    }

    /** {@code c=} must repeat the gs2 header, followed by the binding data for -PLUS (RFC 5802 §7). */
    private byte[] expectedChannelBinding() {
        byte[] header = clientFirst.gs2Header().getBytes(StandardCharsets.UTF_8);
        if (binding == null) {
            return header;
        }
        byte[] data = binding.data();
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    private boolean authzidMatches(String authzid, String name) {
        Jid requested = Jid.parseOrNull(authzid);
        return name != null && requested != null && requested.equals(Jid.of(name, domain, null));
    }

    private static String normaliseOrNull(String raw) {
        try {
            return Username.normalise(raw);
        } catch (IllegalArgumentException e) {
            return null; // no such account can exist: run the fake exchange
        }
    }

    static String utf8(byte[] bytes) throws ScramException {
        if (bytes == null || bytes.length == 0) {
            throw ScramException.malformed("empty message");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ScramException.malformed("invalid-encoding");
        }
    }

    private static CompletionStage<SaslStep> done(SaslStep step) {
        return CompletableFuture.completedFuture(step);
    }
}
