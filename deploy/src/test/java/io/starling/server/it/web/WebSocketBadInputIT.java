package io.starling.server.it.web;

import static io.starling.server.testing.WebSocketXmppClient.OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.TestServer;
import io.starling.server.testing.WebSocketXmppClient;

/**
 * Bad input over WebSocket: each gets the RFC 7395 / RFC 6120 answer (an HTTP status before the upgrade; after
 * it, {@code <open/>}, the stream error, {@code <close/>} and the end of the WebSocket), while two members on TCP
 * keep chatting.
 */
class WebSocketBadInputIT {
    private static TestServer server;
    private static PresenceClient alice;
    private static PresenceClient bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("alice", "bob", "mallory");
        alice = PresenceClient.login(server, "alice", "a");
        bob = PresenceClient.login(server, "bob", "b");
    }

    @AfterAll
    static void stop() {
        alice.close();
        bob.close();
        server.close();
    }

    @AfterEach
    void othersStillChat() throws Exception {
        String body = "still here " + System.nanoTime();
        alice.sendChat("bob@localhost", body);
        Message m = bob.messages().poll(10, TimeUnit.SECONDS);
        assertThat(m).as("bob still receives alice's messages").isNotNull();
        assertThat(m.getBody()).isEqualTo(body);
    }

    /** Sends the messages and expects the stream error {@code condition}, the framing close and the socket's end. */
    private static void expectStreamError(String condition, String... messages) throws Exception {
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server)) {
            for (String message : messages) {
                client.send(message);
            }
            expectStreamError(client, condition);
        }
    }

    private static void expectStreamError(WebSocketXmppClient client, String condition) throws Exception {
        // RFC 7395 §3.6.1: the error declares the stream prefix itself, then <close/>, then the WebSocket ends
        String error = client.await("<stream:error");
        assertThat(error).startsWith("<stream:error xmlns:stream='http://etherx.jabber.org/streams'>")
                .contains("<" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        client.await("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        client.send(WebSocketXmppClient.CLOSE); // the answer that lets the server close at once
        assertThat(client.awaitClosed()).as("WebSocket closed after " + condition).isEqualTo(1000);
        assertThat(client.received().get(0)).as("<open/> comes first, even before an error about it")
                .startsWith("<open ");
    }

    private static int handshakeStatus(String... subprotocols) {
        Throwable[] failure = new Throwable[1];
        assertThatThrownBy(() -> WebSocketXmppClient.connect(server, subprotocols))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> failure[0] = e.getCause());
        assertThat(failure[0]).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure[0]).getResponse().statusCode();
    }

    @Test
    void noSubprotocol_is400() {
        assertThat(handshakeStatus()).isEqualTo(400);
    }

    @Test
    void otherSubprotocolOnly_is400() {
        assertThat(handshakeStatus("chat", "mqtt")).isEqualTo(400);
    }

    @Test
    void xmppAmongOthers_isAccepted() throws Exception {
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server, "chat", "xmpp")) {
            assertThat(client.subprotocol()).isEqualTo("xmpp");
        }
    }

    @Test
    void malformedXml_isNotWellFormed() throws Exception {
        expectStreamError("not-well-formed", OPEN, "<message><body>x</message>");
    }

    @Test
    void twoElementsInOneMessage_isNotWellFormed() throws Exception {
        expectStreamError("not-well-formed", OPEN, "<presence xmlns='jabber:client'/><presence/>");
    }

    @Test
    void dtdWithEntities_isRestrictedXml() throws Exception {
        expectStreamError("restricted-xml", OPEN,
                "<!DOCTYPE m [<!ENTITY lol 'lol'>]><message xmlns='jabber:client'><body>&lol;</body></message>");
    }

    @Test
    void comment_isRestrictedXml() throws Exception {
        expectStreamError("restricted-xml", OPEN, "<presence xmlns='jabber:client'><!-- hi --></presence>");
    }

    @Test
    void oversizedMessage_isPolicyViolation() throws Exception {
        expectStreamError("policy-violation", OPEN,
                "<message xmlns='jabber:client'><body>" + "a".repeat(70_000) + "</body></message>");
    }

    @Test
    void frameHeaderAnnouncingMoreThanTheLimit_isPolicyViolation_beforeThePayloadArrives() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /xmpp-websocket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: xmpp\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(socket, "\r\n\r\n")).startsWith("HTTP/1.1 101");
            // a masked text frame announcing 70,000 bytes (64-bit length), of which none follow
            ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127)).putLong(70_000)
                    .put(new byte[] {1, 2, 3, 4});
            out.write(header.array());
            out.flush();
            assertThat(readUntil(socket, "</stream:error>")).contains("<policy-violation ");
        }
    }

    /** Reads from the socket until the bytes read, as Latin-1, contain {@code marker}. */
    private static String readUntil(Socket socket, String marker) throws Exception {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!got.toString().contains(marker)) {
            int n = socket.getInputStream().read(buf);
            if (n < 0) {
                throw new AssertionError("closed before '" + marker + "'; got: " + got);
            }
            got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return got.toString();
    }

    @Test
    void oversizedFragmentedMessage_isPolicyViolation() throws Exception {
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server)) {
            client.send(OPEN);
            client.sendFragmented("<message xmlns='jabber:client'><body>", "a".repeat(40_000), "a".repeat(40_000),
                    "</body></message>");
            expectStreamError(client, "policy-violation");
        }
    }

    @Test
    void fragmentedMessageWithinTheLimit_isOneElement() throws Exception {
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server)) {
            client.sendFragmented("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' ", "to='localhost' ",
                    "version='1.0'/>");
            assertThat(client.await("</stream:features>")).contains("PLAIN");
        }
    }

    @Test
    void binaryMessage_isBadFormat() throws Exception {
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server)) {
            client.send(OPEN);
            client.sendBinary("<presence/>".getBytes(StandardCharsets.UTF_8));
            expectStreamError(client, "bad-format");
        }
    }

    @Test
    void openInTheWrongNamespace_isInvalidNamespace() throws Exception {
        expectStreamError("invalid-namespace", "<open xmlns='jabber:client' to='localhost' version='1.0'/>");
    }

    @Test
    void rfc6120StreamHeader_isNotWellFormed() throws Exception {
        expectStreamError("not-well-formed", "<stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
    }

    @Test
    void stanzaInsteadOfOpen_isInvalidNamespace() throws Exception {
        expectStreamError("invalid-namespace", "<message xmlns='jabber:client' to='bob@localhost'/>");
    }

    @Test
    void openWithoutVersion_isUnsupportedVersion() throws Exception {
        expectStreamError("unsupported-version", "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost'/>");
    }

    @Test
    void openToAnotherHost_isHostUnknown() throws Exception {
        expectStreamError("host-unknown", OPEN.replace("to='localhost'", "to='example.org'"));
    }

    @Test
    void stanzaBeforeAuth_isNotAuthorized() throws Exception {
        expectStreamError("not-authorized", OPEN,
                "<message xmlns='jabber:client' to='bob@localhost' type='chat'><body>sneaky</body></message>");
        assertThat(bob.messages().poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void stanzaAfterSaslBeforeTheNewOpen_isInvalidNamespace() throws Exception {
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server)) {
            client.send(OPEN);
            client.await("</stream:features>");
            client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + Base64.getEncoder().encodeToString(("\0mallory\0" + TestServer.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)) + "</auth>");
            client.await("<success ");
            // RFC 7395 §3.5: a new <open/> must come first
            client.send("<iq xmlns='jabber:client' type='set' id='b1'>"
                    + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            expectStreamError(client, "invalid-namespace");
        }
    }

    @Test
    void wrongPassword_isSaslFailure() throws Exception {
        try (WebSocketXmppClient client = WebSocketXmppClient.connect(server)) {
            client.send(OPEN);
            client.await("</stream:features>");
            client.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + Base64.getEncoder().encodeToString("\0mallory\0wrong".getBytes(StandardCharsets.UTF_8))
                    + "</auth>");
            assertThat(client.await("<failure ")).contains("<not-authorized/>");
            assertThat(client.poll(Duration.ofMillis(300))).as("no success after a failure").isNull();
        }
    }
}
