package io.starling.server.it.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.loadtest.probe.ProbeCommand;
import io.starling.server.testing.TestServer;

/**
 * {@code starling-probe} against a real server: OK over TCP (STARTTLS when offered, and required), over BOSH through
 * the gateway; WARNING past a threshold; CRITICAL with nothing listening, after the server stopped, with a wrong
 * password or an untrusted certificate; UNKNOWN for bad arguments. One case runs bin/starling-probe on the shaded
 * jar as a process, as Nagios or cron would.
 */
class ProbeIT {
    private static final Path WRAPPER = Path.of("..", "loadtest", "src", "main", "dist", "bin", "starling-probe");
    private static final Path JAR = Path.of("..", "loadtest", "target", "starling-loadtest.jar");

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("probe-a", "probe-b");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Run(int code, String line) {
    }

    private static Run probe(String... args) {
        StringWriter out = new StringWriter();
        int code = ProbeCommand.execute(args, new PrintWriter(out));
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as("exactly one status line").hasSize(1);
        return new Run(code, lines.get(0));
    }

    private static String[] tcp(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("-H", "127.0.0.1", "-p", Integer.toString(port), "-d",
                TestServer.DOMAIN, "-u", "probe-a", "--user2", "probe-b", "--password", TestServer.PASSWORD,
                "-t", "8"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void tcpWithStarttlsWhenOffered_isOkWithPerfdataForEveryStep() {
        Run r = probe(tcp(server.port(), "--insecure", "-w", "5000", "-c", "8000"));
        assertThat(r.code()).as(r.line()).isZero();
        assertThat(r.line()).startsWith("XMPP OK - message round trip ").contains(" | login_a=", " login_b=",
                " message=", " reply=", " presence=", " logout=", " total=").containsPattern("total=\\d+ms;5000;8000;0$");
    }

    @Test
    void tcpWithStarttlsRequired_isOk() {
        Run r = probe(tcp(server.port(), "--tls", "--insecure"));
        assertThat(r.code()).as(r.line()).isZero();
    }

    @Test
    void boshThroughTheGateway_isOk() {
        Run r = probe("--mode", "bosh", "--url", "http://localhost:" + server.httpPort() + "/http-bind/", "-d",
                TestServer.DOMAIN, "-u", "probe-a", "--user2", "probe-b", "--password", TestServer.PASSWORD,
                "-t", "8");
        assertThat(r.code()).as(r.line()).isZero();
        assertThat(r.line()).startsWith("XMPP OK - ").contains("presence=");
        Run literal = probe("--mode", "bosh", "--url", "http://127.0.0.1:" + server.httpPort() + "/http-bind/",
                "-d", TestServer.DOMAIN, "-u", "probe-a", "--user2", "probe-b", "--password", TestServer.PASSWORD);
        assertThat(literal.code()).as("an IPv4 literal in the URL: " + literal.line()).isZero();
    }

    @Test
    void tinyWarningThreshold_isWarning() {
        Run r = probe(tcp(server.port(), "--insecure", "-w", "1"));
        assertThat(r.code()).as(r.line()).isEqualTo(1);
        assertThat(r.line()).startsWith("XMPP WARNING - total ").contains("> 1 ms", "total=");
    }

    @Test
    void tinyPerStepCriticalThreshold_isCritical() {
        Run r = probe(tcp(server.port(), "--insecure", "-c", "login=1"));
        assertThat(r.code()).as(r.line()).isEqualTo(2);
        assertThat(r.line()).startsWith("XMPP CRITICAL - login_a ").contains("login_a=", ";;1;0");
    }

    @Test
    void wrongPassword_isCriticalNamingTheLoginStep() {
        Run r = probe("-H", "127.0.0.1", "-p", Integer.toString(server.port()), "-d", TestServer.DOMAIN,
                "-u", "probe-a", "--user2", "probe-b", "--password", "wrong", "--password2", TestServer.PASSWORD,
                "--insecure", "-t", "8");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.line()).isEqualTo("XMPP CRITICAL - connect+login A failed: authentication failed "
                + "(not-authorized)");
    }

    @Test
    void selfSignedCertificateWithoutInsecure_isCriticalNamingTheCertificate() {
        Run r = probe(tcp(server.port(), "--tls"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.line()).startsWith("XMPP CRITICAL - connect+login A failed: ").contains("certificate");
    }

    @Test
    void nothingListening_isCriticalConnectionRefused() throws Exception {
        Run r = probe(tcp(TestServer.freePort(), "--insecure"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.line()).isEqualTo("XMPP CRITICAL - connect+login A failed: connection refused");
    }

    @Test
    void serverStartedThenStopped_isCritical() throws Exception {
        TestServer stopped = TestServer.start();
        stopped.addUsers("probe-a", "probe-b");
        int c2s = stopped.port();
        int http = stopped.httpPort();
        assertThat(probe(tcp(c2s, "--insecure")).code()).as("while running").isZero();
        stopped.close();

        Run tcp = probe(tcp(c2s, "--insecure"));
        assertThat(tcp.code()).as(tcp.line()).isEqualTo(2);
        assertThat(tcp.line()).isEqualTo("XMPP CRITICAL - connect+login A failed: connection refused");
        Run bosh = probe("--mode", "bosh", "--url", "http://localhost:" + http + "/http-bind/", "-d",
                TestServer.DOMAIN, "-u", "probe-a", "--user2", "probe-b", "--password", TestServer.PASSWORD);
        assertThat(bosh.code()).as(bosh.line()).isEqualTo(2);
        assertThat(bosh.line()).isEqualTo("XMPP CRITICAL - connect+login A failed: connection refused");
    }

    @Test
    void unknownArguments_areUnknown() {
        Run r = probe(tcp(server.port(), "--no-such-option"));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.line()).startsWith("XMPP UNKNOWN - ").contains("--no-such-option");
    }

    @Test
    void wrapperScriptOnTheShadedJar_isOkAndPrintsOnlyTheStatusLine() throws Exception {
        assertThat(JAR).as("the loadtest module's package phase builds the shaded jar before deploy's ITs")
                .exists();
        Path passwordFile = Files.createTempFile("probe", ".pw");
        Files.writeString(passwordFile, TestServer.PASSWORD + "\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(WRAPPER.toString(), "-H", "127.0.0.1", "-p", Integer.toString(server.port()),
                "-d", TestServer.DOMAIN, "-u", "probe-a", "--user2", "probe-b", "--password-file",
                passwordFile.toString(), "--tls", "--insecure", "-t", "8")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("probe process finished").isTrue();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stdout).isZero();
        assertThat(stdout.lines().toList()).hasSize(1);
        assertThat(stdout).startsWith("XMPP OK - message round trip ");
        Files.delete(passwordFile);
    }
}
