package io.starling.core.sasl;

import static io.starling.core.sasl.ScramMechanismTest.assertFailure;
import static io.starling.core.sasl.ScramMechanismTest.step;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import io.starling.core.testing.InMemoryCredentialSource;
import org.junit.jupiter.api.Test;

class PlainMechanismTest {
    private final InMemoryCredentialSource users = new InMemoryCredentialSource().add("juliet", "r0m30myr0m30");
    private final SaslMechanisms mechanisms = new SaslMechanisms(users, 4096, new byte[32], NonceSource.secureRandom());

    private final SaslMechanisms withTokens = new SaslMechanisms(users, 4096, new byte[32], NonceSource.secureRandom(),
            new LoginTokenVerifier(LoginTokenVerifierTest.SECRET, Duration.ofMinutes(10), Clock.systemUTC()));
    private final LoginTokenSigner signer = new LoginTokenSigner(LoginTokenVerifierTest.SECRET, Clock.systemUTC());

    private SaslMechanism plain() {
        return mechanisms.create("PLAIN", true, "localhost");
    }

    private SaslMechanism plainWithTokens() {
        return withTokens.create("PLAIN", true, "localhost");
    }

    @Test
    void rightPassword_success() {
        assertThat(step(plain(), "\0Juliet\0r0m30myr0m30")).isEqualTo(new SaslStep.Success(null, "juliet"));
    }

    @Test
    void authzidOfOwnJid_success_otherJid_invalidAuthzid() {
        assertThat(step(plain(), "juliet@localhost\0juliet\0r0m30myr0m30")).isInstanceOf(SaslStep.Success.class);
        assertFailure(step(plain(), "romeo@localhost\0juliet\0r0m30myr0m30"), SaslFailure.INVALID_AUTHZID);
    }

    @Test
    void wrongPasswordOrUnknownUser_notAuthorized() {
        assertFailure(step(plain(), "\0juliet\0wrong"), SaslFailure.NOT_AUTHORIZED);
        assertFailure(step(plain(), "\0romeo\0r0m30myr0m30"), SaslFailure.NOT_AUTHORIZED);
        assertFailure(step(plain(), "\0jul@iet\0r0m30myr0m30"), SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void malformed_malformedRequest() {
        for (String bad : new String[] {"", "juliet", "\0juliet", "\0\0pw", "\0juliet\0", "a\0b\0c\0d"}) {
            assertFailure(step(plain(), bad), SaslFailure.MALFORMED_REQUEST);
        }
    }

    @Test
    void noInitialResponse_emptyChallengeFirst() {
        SaslMechanism m = plain();
        assertThat(step(m, (byte[]) null)).isInstanceOfSatisfying(SaslStep.Challenge.class,
                c -> assertThat(c.data()).isEmpty());
        assertThat(step(m, "\0juliet\0r0m30myr0m30")).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void storeFailure_temporaryAuthFailure() {
        users.failing(true);
        assertFailure(step(plain(), "\0juliet\0r0m30myr0m30"), SaslFailure.TEMPORARY_AUTH_FAILURE);
    }

    @Test
    void validToken_success_passwordStillWorks() {
        String token = signer.sign("juliet", Duration.ofMinutes(5));

        assertThat(step(plainWithTokens(), "\0Juliet\0" + token)).isEqualTo(new SaslStep.Success(null, "juliet"));
        assertThat(step(plainWithTokens(), "juliet@localhost\0juliet\0" + token)).isInstanceOf(SaslStep.Success.class);
        assertThat(step(plainWithTokens(), "\0juliet\0r0m30myr0m30")).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void refusedToken_notAuthorized() {
        assertFailure(step(plainWithTokens(), "\0romeo\0" + signer.sign("juliet", Duration.ofMinutes(5))),
                SaslFailure.NOT_AUTHORIZED);
        assertFailure(step(plainWithTokens(), "\0juliet\0" + signer.sign("juliet", Duration.ofMinutes(-5))),
                SaslFailure.NOT_AUTHORIZED);
        assertFailure(step(plainWithTokens(), "\0juliet\0" + signer.sign("juliet", Duration.ofHours(2))),
                SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void tokenForUnknownAccount_notAuthorized() {
        assertFailure(step(plainWithTokens(), "\0romeo\0" + signer.sign("romeo", Duration.ofMinutes(5))),
                SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void tokenLoginOff_tokenIsAWrongPassword() {
        assertFailure(step(plain(), "\0juliet\0" + signer.sign("juliet", Duration.ofMinutes(5))),
                SaslFailure.NOT_AUTHORIZED);
    }

    @Test
    void tokenWithStoreFailure_temporaryAuthFailure() {
        users.failing(true);
        assertFailure(step(plainWithTokens(), "\0juliet\0" + signer.sign("juliet", Duration.ofMinutes(5))),
                SaslFailure.TEMPORARY_AUTH_FAILURE);
    }
}
