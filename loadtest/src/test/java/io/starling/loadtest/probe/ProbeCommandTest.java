package io.starling.loadtest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument validation of {@link ProbeCommand}: every mistake is UNKNOWN (3) with exactly one status line. */
class ProbeCommandTest {

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        StringWriter text = new StringWriter();
        int code = ProbeCommand.execute(args, new PrintWriter(text));
        return new Run(code, text.toString());
    }

    private static void assertUnknown(Run r, String mentions) {
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("XMPP UNKNOWN - ").contains(mentions);
        assertThat(r.out().strip().lines()).hasSize(1);
    }

    @Test
    void unknownOption_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b", "--password", "x", "--frobnicate"), "--frobnicate");
    }

    @Test
    void missingUsers_isUnknown() {
        assertUnknown(run("-H", "h"), "--user");
    }

    @Test
    void missingPassword_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b"), "--password");
    }

    @Test
    void sameUserTwice_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "a", "--password", "x"), "must differ");
    }

    @Test
    void badMode_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b", "--password", "x", "--mode", "carrier-pigeon"),
                "--mode");
    }

    @Test
    void boshWithoutUrl_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b", "--password", "x", "--mode", "bosh"), "--url");
    }

    @Test
    void nonHttpUrl_isUnknown() {
        assertUnknown(run("-d", "h", "-u", "a", "--user2", "b", "--password", "x", "--mode", "bosh", "--url",
                "ftp://h/x"), "http(s)");
    }

    @Test
    void notANumberThreshold_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b", "--password", "x", "-w", "fast"), "not a number");
    }

    @Test
    void unknownThresholdLabel_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b", "--password", "x", "-c", "lunch=5"), "lunch");
    }

    @Test
    void zeroTimeout_isUnknown() {
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b", "--password", "x", "-t", "0"), "timeout");
    }

    @Test
    void passwordAndPasswordFile_isUnknown(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "x\n", StandardCharsets.UTF_8);
        assertUnknown(run("-H", "h", "-u", "a", "--user2", "b", "--password", "x", "--password-file",
                file.toString()), "exclusive");
    }

    @Test
    void passwordFile_isReadAndSharedWithTheSecondMember(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "s3cret\nignored\n", StandardCharsets.UTF_8);
        ProbeCommand command = new ProbeCommand();
        new picocli.CommandLine(command).parseArgs("-H", "h", "-u", "a", "--user2", "b", "--password-file",
                file.toString(), "-w", "500,login=100", "-c", "2000");
        ProbeOptions options = command.options();
        assertThat(options.passwordA()).isEqualTo("s3cret");
        assertThat(options.passwordB()).isEqualTo("s3cret");
        assertThat(options.domain()).isEqualTo("h");
        assertThat(options.port()).isEqualTo(5222);
        assertThat(options.warning().limit("total")).hasValue(500);
        assertThat(options.warning().limit("login_b")).hasValue(100);
        assertThat(options.critical().limit("total")).hasValue(2000);
    }

    @Test
    void nothingListening_isCriticalNamingTheLoginStep() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("-H", "127.0.0.1", "-p", Integer.toString(port), "-u", "a", "--user2", "b", "--password", "x",
                "-t", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out().strip()).isEqualTo("XMPP CRITICAL - connect+login A failed: connection refused");
    }

    @Test
    void silentServer_isCriticalWithinTheOverallTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try (var accepted = silent.accept(); var second = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception done) {
                    // the test is over
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            Run r = run("-H", "127.0.0.1", "-p", Integer.toString(silent.getLocalPort()), "-u", "a", "--user2", "b",
                    "--password", "x", "-t", "1");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).startsWith("XMPP CRITICAL - connect+login A failed: ");
            assertThat(ms).isLessThan(3000);
        }
    }
}
