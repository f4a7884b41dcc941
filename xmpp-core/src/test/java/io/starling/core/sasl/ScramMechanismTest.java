package io.starling.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import io.starling.core.testing.InMemoryCredentialSource;
import io.starling.core.testing.ScramTestClient;
import io.starling.core.user.ScramHash;
import org.junit.jupiter.api.Test;

class ScramMechanismTest {
    private static final String DOMAIN = "localhost";
    private static final byte[] FAKE_KEY = new byte[32];

    private final InMemoryCredentialSource users = new InMemoryCredentialSource()
            .add("juliet", "r0m30myr0m30")
            .add("a,b=c", "secret");

    private SaslMechanisms mechanisms(NonceSource nonces) {
        return new SaslMechanisms(users, 4096, FAKE_KEY, nonces);
    }

    private SaslMechanism scram(String name) {
        return mechanisms(NonceSource.secureRandom()).create(name, true, DOMAIN);
    }

    static SaslStep step(SaslMechanism m, String message) {
        return step(m, message == null ? null : message.getBytes(UTF_8));
    }

    static SaslStep step(SaslMechanism m, byte[] message) {
        return m.evaluate(message).toCompletableFuture().join();
    }

    static String challenge(SaslStep s) {
        assertThat(s).isInstanceOf(SaslStep.Challenge.class);
        return new String(((SaslStep.Challenge) s).data(), UTF_8);
    }

    static void assertFailure(SaslStep s, SaslFailure condition) {
        assertThat(s).isInstanceOfSatisfying(SaslStep.Failure.class,
                f -> assertThat(f.condition()).isEqualTo(condition));
    }

    @Test
    void rfc5802Example_scramSha1() {
        users.add("user", "pencil", Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096);
        SaslMechanism m = mechanisms(() -> "3rfcNHYJY1ZVvWVs7j").create("SCRAM-SHA-1", false, DOMAIN);

        assertThat(challenge(step(m, "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")))
                .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        SaslStep last = step(m, "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");

        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, s -> {
            assertThat(new String(s.additionalData(), UTF_8)).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
            assertThat(s.username()).isEqualTo("user");
        });
    }

    @Test
    void rfc7677Example_scramSha256() {
        users.add("user", "pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        SaslMechanism m = mechanisms(() -> "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0").create("SCRAM-SHA-256", false, DOMAIN);

        assertThat(challenge(step(m, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO"))).isEqualTo(
                "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        SaslStep last = step(m, "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");

        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, s -> assertThat(
                new String(s.additionalData(), UTF_8)).isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="));
    }

    @Test
    void fullExchange_bothHashes_succeedAndServerSignatureVerifies() throws Exception {
        for (ScramHash hash : ScramHash.values()) {
            SaslMechanism m = scram(hash == ScramHash.SHA_1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256");
            ScramTestClient client = new ScramTestClient(hash, "Juliet", "r0m30myr0m30");

            String serverFirst = challenge(step(m, client.clientFirst()));
            SaslStep last = step(m, client.clientFinal(serverFirst.getBytes(UTF_8)));

            assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class, s -> {
                assertThat(client.verifyServerFinal(s.additionalData())).isTrue();
                assertThat(s.username()).isEqualTo("juliet"); // normalised localpart
            });
        }
    }

    @Test
    void noInitialResponse_emptyChallengeThenExchange() throws Exception {
        SaslMechanism m = scram("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "juliet", "r0m30myr0m30");

        assertThat(challenge(step(m, (byte[]) null))).isEmpty();
        String serverFirst = challenge(step(m, client.clientFirst()));
        assertThat(step(m, client.clientFinal(serverFirst.getBytes(UTF_8)))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void saslnameEscapes_decoded() throws Exception {
        SaslMechanism m = scram("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "a,b=c", "secret");

        String serverFirst = challenge(step(m, client.clientFirst()));
        assertThat(new String(client.clientFirst(), UTF_8)).contains("n=a=2Cb=3Dc,");
        assertThat(step(m, client.clientFinal(serverFirst.getBytes(UTF_8))))
                .isInstanceOfSatisfying(SaslStep.Success.class, s -> assertThat(s.username()).isEqualTo("a,b=c"));
    }

    @Test
    void wrongPassword_notAuthorized() throws Exception {
        SaslMechanism m = scram("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "juliet", "wrong");

        String serverFirst = challenge(step(m, client.clientFirst()));
        assertFailure(step(m, client.clientFinal(serverFirst.getBytes(UTF_8))), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void unknownUser_stableFakeSaltThenNotAuthorized() throws Exception {
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "nobody", "whatever");
        String first = challenge(step(scram("SCRAM-SHA-256"), client.clientFirst()));
        String again = challenge(step(scram("SCRAM-SHA-256"), client.clientFirst()));
        String otherCase = challenge(step(scram("SCRAM-SHA-256"),
                new ScramTestClient(ScramHash.SHA_256, "NoBody", "x").clientFirst()));

        assertThat(salt(first)).isEqualTo(salt(again)).isEqualTo(salt(otherCase));
        assertThat(Base64.getDecoder().decode(salt(first))).hasSize(16);
        assertThat(first).endsWith(",i=4096");

        SaslMechanism m = scram("SCRAM-SHA-256");
        String serverFirst = challenge(step(m, client.clientFirst()));
        SaslStep last = step(m, client.clientFinal(serverFirst.getBytes(UTF_8)));
        assertThat(last).isEqualTo(SaslStep.Failure.of(SaslFailure.NOT_AUTHORIZED));
    }

    private static String salt(String serverFirst) {
        return serverFirst.replaceAll(".*,s=([^,]+),.*", "$1");
    }

    @Test
    void authzidOfOwnBareJid_accepted() throws Exception {
        SaslMechanism m = scram("SCRAM-SHA-1");
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_1, "juliet", "r0m30myr0m30",
                "n,a=juliet@localhost,", new byte[0], "abc");

        String serverFirst = challenge(step(m, client.clientFirst()));
        assertThat(step(m, client.clientFinal(serverFirst.getBytes(UTF_8)))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void authzidOfAnotherUser_invalidAuthzid() {
        assertFailure(step(scram("SCRAM-SHA-256"), "n,a=romeo@localhost,n=juliet,r=abc"),
                SaslFailure.INVALID_AUTHZID);
        assertFailure(step(scram("SCRAM-SHA-256"), "n,a=juliet@elsewhere,n=juliet,r=abc"),
                SaslFailure.INVALID_AUTHZID);
        assertFailure(step(scram("SCRAM-SHA-256"), "n,a=juliet@localhost/res,n=juliet,r=abc"),
                SaslFailure.INVALID_AUTHZID);
    }

    @Test
    void malformedClientFirst_malformedRequest() {
        String[] bad = {"", "x,,n=juliet,r=abc", "n,n=juliet,r=abc", "n,,r=abc,n=juliet", "n,,n=juliet",
            "n,,n=jul=41iet,r=abc", "n,,n=,r=abc", "n,,n=juliet,r=", "n,,n=juliet,r=a b",
            "n,,m=ext,n=juliet,r=abc", "n,,n=juliet,r=abc,1=x", "n,b=x,n=juliet,r=abc",
            "p=tls-server-end-point,,n=juliet,r=abc"};
        for (String message : bad) {
            assertFailure(step(scram("SCRAM-SHA-256"), message), SaslFailure.MALFORMED_REQUEST);
        }
        assertFailure(step(scram("SCRAM-SHA-256"), new byte[] {(byte) 0xff, (byte) 0xfe}),
                SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void malformedClientFinal_malformedRequest() {
        String[] bad = {"", "c=biws,r=x", "r=x,c=biws,p=AAAA", "c=!!,r=x,p=AAAA", "c=biws,r=x,p=!!",
            "c=biws,r=NONCE,p=AAAA"};
        for (String message : bad) {
            SaslMechanism m = scram("SCRAM-SHA-256");
            String nonce = challenge(step(m, "n,,n=juliet,r=abc")).replaceAll("^r=([^,]+),.*", "$1");
            assertFailure(step(m, message.replace("NONCE", nonce)), SaslFailure.MALFORMED_REQUEST);
        }
    }

    @Test
    void wrongNonceOrChannelBinding_notAuthorized() throws Exception {
        SaslMechanism m = scram("SCRAM-SHA-256");
        challenge(step(m, "n,,n=juliet,r=abc"));
        assertFailure(step(m, "c=biws,r=abcXYZ,p=" + Base64.getEncoder().encodeToString(new byte[32])),
                SaslFailure.NOT_AUTHORIZED);

        // c= must repeat the gs2 header: "y,," sent, "n,," (biws) claimed.
        SaslMechanism m2 = scram("SCRAM-SHA-256");
        String serverFirst = challenge(step(m2, "y,,n=juliet,r=abc"));
        String nonce = serverFirst.replaceAll("^r=([^,]+),.*", "$1");
        assertFailure(step(m2, "c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(new byte[32])),
                SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void clientSaysYButPlusWasOffered_notAuthorized() {
        ChannelBinding binding = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, new byte[] {1, 2, 3});
        SaslMechanism m = mechanisms(NonceSource.secureRandom()).create("SCRAM-SHA-256", true, binding, DOMAIN);

        assertFailure(step(m, "y,,n=juliet,r=abc"), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void clientSaysYWithoutPlusOffered_succeeds() throws Exception {
        SaslMechanism m = scram("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "juliet", "r0m30myr0m30", "y,,",
                new byte[0], "abc");

        String serverFirst = challenge(step(m, client.clientFirst()));
        assertThat(step(m, client.clientFinal(serverFirst.getBytes(UTF_8)))).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void plus_matchingBinding_succeeds_otherBinding_notAuthorized() throws Exception {
        byte[] data = {9, 8, 7, 6};
        ChannelBinding binding = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, data);
        SaslMechanisms factory = mechanisms(NonceSource.secureRandom());
        String header = "p=tls-server-end-point,,";

        SaslMechanism good = factory.create("SCRAM-SHA-256-PLUS", true, binding, DOMAIN);
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "juliet", "r0m30myr0m30", header, data, "a");
        String serverFirst = challenge(step(good, client.clientFirst()));
        assertThat(step(good, client.clientFinal(serverFirst.getBytes(UTF_8)))).isInstanceOf(SaslStep.Success.class);

        SaslMechanism bad = factory.create("SCRAM-SHA-1-PLUS", true, binding, DOMAIN);
        ScramTestClient mitm = new ScramTestClient(ScramHash.SHA_1, "juliet", "r0m30myr0m30", header,
                new byte[] {1}, "a");
        serverFirst = challenge(step(bad, mitm.clientFirst()));
        assertFailure(step(bad, mitm.clientFinal(serverFirst.getBytes(UTF_8))), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void plus_withoutChannelBindingFlagOrOtherType_malformedRequest() {
        ChannelBinding binding = new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, new byte[] {1});
        SaslMechanisms factory = mechanisms(NonceSource.secureRandom());

        assertFailure(step(factory.create("SCRAM-SHA-256-PLUS", true, binding, DOMAIN), "n,,n=juliet,r=abc"),
                SaslFailure.MALFORMED_REQUEST);
        assertFailure(step(factory.create("SCRAM-SHA-256-PLUS", true, binding, DOMAIN),
                "p=tls-exporter,,n=juliet,r=abc"), SaslFailure.MALFORMED_REQUEST);
    }

    @Test
    void storeFailure_temporaryAuthFailure() {
        users.failing(true);
        assertFailure(step(scram("SCRAM-SHA-256"), "n,,n=juliet,r=abc"), SaslFailure.TEMPORARY_AUTH_FAILURE);
    }

    @Test
    void messageAfterTheEnd_malformedRequest() throws Exception {
        SaslMechanism m = scram("SCRAM-SHA-256");
        ScramTestClient client = new ScramTestClient(ScramHash.SHA_256, "juliet", "r0m30myr0m30");
        String serverFirst = challenge(step(m, client.clientFirst()));
        step(m, client.clientFinal(serverFirst.getBytes(UTF_8)));

        assertFailure(step(m, "c=biws"), SaslFailure.MALFORMED_REQUEST);
    }
}
