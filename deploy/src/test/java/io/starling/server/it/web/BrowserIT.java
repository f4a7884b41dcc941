package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.SmackException.NotConnectedException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.server.testing.NodeScript;
import io.starling.server.testing.SmackClients;
import io.starling.server.testing.TestServer;

/**
 * Strophe.js in headless Chromium (Debian's {@code /usr/bin/chromium}, driven by {@code strophe-scenario.mjs})
 * chats with a Smack member on TCP: logged in over BOSH, over WebSocket, and attached to a prebound BOSH session.
 * The page is served from its own port, so every BOSH request is a cross-origin request that CORS must allow.
 */
class BrowserIT {
    private static final String PREBIND_KEY = "test-prebind-key-0123456789";
    private static final String BOT = "bot@localhost";
    private static final Duration CONNECT = Duration.ofSeconds(30);
    private static final Duration FINISH = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server;
    private static int pagePort;
    private static XMPPTCPConnection bot;
    private static final BlockingQueue<Message> botInbox = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        pagePort = TestServer.freePort();
        server = TestServer.start(c -> c.withGateway(c.gateway()
                .withCorsOrigins("http://127.0.0.1:" + pagePort)
                .withPrebindKeys(PREBIND_KEY)));
        server.addUsers("alice", "bob", "carol", "bot");
        bot = SmackClients.connect(server, "bot", "echo", null);
        bot.addAsyncStanzaListener(stanza -> echo((Message) stanza), MessageTypeFilter.CHAT);
    }

    @AfterAll
    static void stop() {
        if (bot != null) {
            bot.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The TCP member: replies "echo: " + body to each chat message, and keeps it for the test to check. */
    private static void echo(Message m) {
        botInbox.add(m);
        try {
            bot.sendStanza(chat(m.getFrom(), "echo: " + m.getBody()));
        } catch (NotConnectedException | InterruptedException e) {
            throw new IllegalStateException("the echo bot cannot reply", e);
        }
    }

    @Test
    void boshLogin_chatsWithTcpMember() throws Exception {
        exchange("bosh", "alice", List.of("--scenario", "bosh-login", "--service", boshUrl(),
                "--jid", "alice@localhost/browser", "--password", TestServer.PASSWORD));
    }

    @Test
    void websocketLogin_chatsWithTcpMember() throws Exception {
        exchange("websocket", "bob", List.of("--scenario", "websocket-login",
                "--service", "ws://127.0.0.1:" + server.httpPort() + "/xmpp-websocket",
                "--jid", "bob@localhost/browser", "--password", TestServer.PASSWORD));
    }

    @Test
    void prebindThenAttach_chatsWithTcpMember() throws Exception {
        JsonNode prebound = prebind("carol", "web");
        assertThat(prebound.path("jid").asText()).isEqualTo("carol@localhost/web");
        exchange("attach", "carol", List.of("--scenario", "attach", "--service", boshUrl(),
                "--jid", prebound.path("jid").asText(), "--sid", prebound.path("sid").asText(),
                "--rid", prebound.path("rid").asText()));
    }

    /**
     * The browser member connects and sends the bot a message; the bot echoes it and also sends a message of its own
     * to the browser's full JID once it is connected. Both reach the browser, and the bot's copy came from that JID.
     */
    private void exchange(String transport, String user, List<String> scenarioArgs) throws Exception {
        // ASCII only: the arguments of a child process are encoded in the platform charset, which CI may not set.
        String toBot = "hello bot from " + transport + " <&>'\"";
        String toBrowser = "hello " + transport + " browser from tcp";
        List<String> args = new ArrayList<>(scenarioArgs);
        args.addAll(List.of("--page-port", String.valueOf(pagePort), "--to", BOT, "--body", toBot,
                "--expect", "echo: " + toBot, "--expect", toBrowser, "--timeout-ms", "25000"));
        try (NodeScript browser = NodeScript.start("strophe-scenario.mjs", args)) {
            JsonNode loaded = browser.awaitEvent("loaded", CONNECT);
            assertThat(loaded.path("origin").asText()).isEqualTo("http://127.0.0.1:" + pagePort);
            String browserJid = browser.awaitEvent("connected", CONNECT).path("jid").asText();
            assertThat(browserJid).startsWith(user + "@localhost/");
            bot.sendStanza(chat(JidCreate.from(browserJid), toBrowser));
            browser.awaitSuccess(FINISH);

            Message atBot = awaitBotMessage(toBot);
            assertThat(atBot.getFrom().toString()).isEqualTo(browserJid);
            List<JsonNode> received = browser.events("message");
            assertThat(received).anySatisfy(m -> {
                assertThat(m.path("from").asText()).isEqualTo(BOT + "/echo");
                assertThat(m.path("body").asText()).isEqualTo("echo: " + toBot);
            });
            assertThat(received).anySatisfy(m -> {
                assertThat(m.path("from").asText()).isEqualTo(BOT + "/echo");
                assertThat(m.path("body").asText()).isEqualTo(toBrowser);
            });
        }
    }

    private static Message awaitBotMessage(String body) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Message m = botInbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(m).as("the bot's copy of %s", body).isNotNull();
            if (body.equals(m.getBody())) {
                return m;
            }
        }
    }

    private static String boshUrl() {
        return "http://127.0.0.1:" + server.httpPort() + "/http-bind";
    }

    private static JsonNode prebind(String user, String resource) throws Exception {
        String body = JSON.createObjectNode().put("user", user).put("resource", resource).toString();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.internalPort() + "/api/v1/prebind"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + PREBIND_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("prebind answered %s", response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Message chat(Jid to, String body) {
        return MessageBuilder.buildMessage().to(to).ofType(Message.Type.chat).setBody(body).build();
    }
}
