package io.starling.server.it.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.config.C2sConfig;
import io.starling.core.config.CoreConfig;
import io.starling.loadtest.LoadOptions;
import io.starling.loadtest.LoadReport;
import io.starling.loadtest.LoadRun;
import io.starling.server.testing.TestServer;

/** Short bounded runs of the load generator against a real server: every scenario completes with zero errors. */
class LoadRunIT {
    private static final int MEMBERS = 20;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // Plain TCP runs need SASL before TLS, as in the benchmark configuration (tls-required: false).
        server = TestServer.start(config -> config.withCore(tlsOptional(config.core())));
        String[] names = new String[MEMBERS];
        for (int i = 0; i < MEMBERS; i++) {
            names[i] = "load" + (i + 1);
        }
        server.addUsers(names);
    }

    private static CoreConfig tlsOptional(CoreConfig core) {
        C2sConfig c = core.c2s();
        C2sConfig c2s = new C2sConfig(c.bindAddress(), c.port(), c.directTlsPort(), false, c.maxStanzaBytes(),
                c.maxDepth(), c.maxAttributes(), c.keepaliveInterval(), c.idleTimeout(), c.negotiationTimeout(),
                c.maxResourcesPerUser(), c.resumeTimeout(), c.smMaxUnacked(), c.smRequestEvery());
        return new CoreConfig(core.domain(), core.dataDir(), c2s, core.tls(), core.database(), core.auth(),
                core.component(), core.components());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static LoadReport run(String... extra) {
        return runOn(server.port(), extra);
    }

    private static LoadReport runOn(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(port),
                "--domain", TestServer.DOMAIN, "--members", String.valueOf(MEMBERS), "--password",
                TestServer.PASSWORD, "--ramp", "200", "--progress", "0"));
        args.addAll(List.of(extra));
        LoadReport report = LoadRun.run(LoadOptions.parse(args.toArray(new String[0])));
        assertThat(report.errorsByKind()).as(report.summaryLine()).isEmpty();
        assertThat(report.errors()).isZero();
        System.out.println(report.summaryLine());
        return report;
    }

    @Test
    void idleHold_allMembersOnline_noErrors() {
        LoadReport report = run("--scenario", "idle-hold", "--duration", "1");
        assertThat(report.loginsOk()).isEqualTo(MEMBERS);
        assertThat(report.peakOnline()).isEqualTo(MEMBERS);
        assertThat(report.loginMs().count()).isEqualTo(MEMBERS);
    }

    @Test
    void chatOverTcp_receivedEqualsSent() {
        LoadReport report = run("--scenario", "chat", "--rate", "300", "--warmup", "0.5", "--duration", "2");
        assertThat(report.messagesSent()).isGreaterThan(400);
        assertThat(report.messagesReceived()).isEqualTo(report.messagesSent());
        assertThat(report.messagesLost()).isZero();
        // a message may be counted received while its latency is being recorded when the report is taken
        assertThat(report.messageLatencyMs().count()).isBetween(report.messagesReceived() - 5, report.messagesReceived());
        assertThat(report.summaryLine()).startsWith("RESULT scenario=chat transport=tcp").contains(" errors=0");
    }

    @Test
    void chatOverStartTls_scramSha1_receivedEqualsSent() {
        LoadReport report = run("--transport", "starttls", "--sasl", "SCRAM-SHA-1", "--scenario", "chat",
                "--rate", "200", "--warmup", "0.3", "--duration", "1.5");
        assertThat(report.tlsMs().count()).isEqualTo(MEMBERS);
        assertThat(report.messagesSent()).isGreaterThan(200);
        assertThat(report.messagesReceived()).isEqualTo(report.messagesSent());
    }

    @Test
    void presenceChurn_changesSentWithoutErrors() {
        LoadReport report = run("--scenario", "presence-churn", "--rate", "100", "--warmup", "0.3",
                "--duration", "1.5", "--sasl", "SCRAM-SHA-256");
        assertThat(report.presenceSent()).isGreaterThan(100);
    }

    @Test
    void loginStorm_everyMemberLogsInAndOut() {
        LoadReport report = run("--scenario", "login-storm", "--concurrency", "10", "--duration", "0");
        assertThat(report.loginsOk()).isEqualTo(MEMBERS);
        assertThat(report.loginsPerSecond()).isPositive();
    }

    @Test
    void twoSourceAddressesTwoThreads_idleOverStartTls_noErrors() {
        LoadReport report = run("--sources", "2", "--threads", "2", "--transport", "starttls", "--scenario", "idle-hold",
                "--duration", "0.5");
        assertThat(report.loginsOk()).isEqualTo(MEMBERS);
    }

    @Test
    void directTls_idleHold_noErrors() {
        LoadReport report = runOn(server.config().core().c2s().directTlsPort(), "--transport", "tls",
                "--scenario", "idle-hold", "--duration", "0.3");
        assertThat(report.loginsOk()).isEqualTo(MEMBERS);
    }

    @Test
    void chatOverBosh_receivedEqualsSent() {
        LoadReport report = run("--transport", "bosh", "--url", "http://127.0.0.1:" + server.httpPort() + "/http-bind",
                "--scenario", "chat", "--rate", "200", "--warmup", "0.5", "--duration", "1.5");
        assertThat(report.loginsOk()).isEqualTo(MEMBERS);
        assertThat(report.messagesSent()).isGreaterThan(200);
        assertThat(report.messagesReceived()).isEqualTo(report.messagesSent());
    }

    @Test
    void chatOverWebSocket_receivedEqualsSent() {
        LoadReport report = run("--transport", "websocket", "--url",
                "ws://127.0.0.1:" + server.httpPort() + "/xmpp-websocket",
                "--scenario", "chat", "--rate", "200", "--warmup", "0.5", "--duration", "1.5");
        assertThat(report.loginsOk()).isEqualTo(MEMBERS);
        assertThat(report.messagesSent()).isGreaterThan(200);
        assertThat(report.messagesReceived()).isEqualTo(report.messagesSent());
    }

    @Test
    void loginStormOverBosh_everyMemberLogsInAndOut() {
        LoadReport report = run("--transport", "bosh", "--url", "http://127.0.0.1:" + server.httpPort() + "/http-bind",
                "--scenario", "login-storm", "--concurrency", "10", "--duration", "0");
        assertThat(report.loginsOk()).isEqualTo(MEMBERS);
    }
}
