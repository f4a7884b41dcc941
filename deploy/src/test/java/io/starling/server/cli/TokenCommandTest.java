package io.starling.server.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String yaml, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve("starling.yaml"), yaml);
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new CommandLine(new TokenCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all);
    }

    @Test
    void configuredSecret_printsHs256TokenForNormalisedUser() throws Exception {
        assertThat(run("auth: {token-secret: " + SECRET + "}\n", "Alice", "--lifetime", "90s")).isZero();

        SignedJWT jwt = SignedJWT.parse(out.toString().strip());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(UTF_8)))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(Duration.between(Instant.now(), claims.getExpirationTime().toInstant()))
                .isBetween(Duration.ofSeconds(80), Duration.ofSeconds(91));
    }

    @Test
    void defaultLifetime_isFiveMinutesOrTheMaximumIfShorter() throws Exception {
        assertThat(run("auth: {token-secret: " + SECRET + ", token-max-lifetime: 2m}\n", "alice")).isZero();

        JWTClaimsSet claims = SignedJWT.parse(out.toString().strip()).getJWTClaimsSet();
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void noSecret_failsClearly() throws Exception {
        assertThat(run("", "alice")).isEqualTo(1);

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("auth.token-secret");
    }

    @Test
    void lifetimeBeyondMaximum_fails() throws Exception {
        assertThat(run("auth: {token-secret: " + SECRET + "}\n", "alice", "--lifetime", "1h")).isEqualTo(1);

        assertThat(err.toString()).contains("at most auth.token-max-lifetime");
    }

    @Test
    void invalidUsernameOrLifetime_fails() throws Exception {
        assertThat(run("auth: {token-secret: " + SECRET + "}\n", "al@ice")).isEqualTo(1);
        assertThat(run("auth: {token-secret: " + SECRET + "}\n", "alice", "--lifetime", "soon")).isNotZero();

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("invalid username").contains("not a duration");
    }
}
