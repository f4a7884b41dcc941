package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.server.testing.TestServer;

/**
 * The public HTTP listener's own rules, over raw sockets so that connection handling is visible: CORS for the
 * configured origins only, keep-alive up to the configured number of requests, head and body limits, unknown paths.
 */
class HttpListenerIT {
    private static final String ALLOWED = "https://www.example.com";
    private static final String CREATE = "<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh'"
            + " to='localhost' rid='1000' wait='5' hold='1' ver='1.11' xmpp:version='1.0'/>";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(c -> c.withGateway(new io.starling.gateway.GatewayConfig(
                c.gateway().bindAddress(), c.gateway().port(), c.gateway().tlsPort(),
                c.gateway().internalBindAddress(), c.gateway().internalPort(), ALLOWED + ", https://m.example.com",
                c.gateway().securePlainFrom(), 8192, 2048, 3, c.gateway().connectionIdleTimeout(),
                c.gateway().prebindKeys(), c.gateway().apiKeys(), c.gateway().bosh())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void preflightFromAnAllowedOrigin_getsTheCorsHeaders() throws Exception {
        try (RawHttp http = new RawHttp(server.httpPort())) {
            String response = http.exchange("OPTIONS /http-bind HTTP/1.1\r\nHost: x\r\nOrigin: " + ALLOWED
                    + "\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 204");
            String lower = response.toLowerCase(Locale.ROOT);
            assertThat(lower).contains("access-control-allow-origin: " + ALLOWED)
                    .contains("access-control-allow-methods: get, post, options")
                    .contains("access-control-allow-headers: content-type, authorization");
        }
    }

    @Test
    void anotherOrigin_getsNoCorsHeaders() throws Exception {
        try (RawHttp http = new RawHttp(server.httpPort())) {
            String preflight = http.exchange("OPTIONS /http-bind HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example"
                    + "\r\nAccess-Control-Request-Method: POST\r\nContent-Length: 0\r\n\r\n");
            assertThat(preflight.toLowerCase(Locale.ROOT)).doesNotContain("access-control-allow");
            String post = http.exchange(post("/http-bind", "https://evil.example", CREATE));
            assertThat(post).startsWith("HTTP/1.1 200");
            assertThat(post.toLowerCase(Locale.ROOT)).doesNotContain("access-control-allow-origin");
        }
    }

    @Test
    void aRequestFromAnAllowedOrigin_echoesIt() throws Exception {
        try (RawHttp http = new RawHttp(server.httpPort())) {
            String response = http.exchange(post("/http-bind", "https://m.example.com", CREATE));
            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(response.toLowerCase(Locale.ROOT))
                    .contains("access-control-allow-origin: https://m.example.com");
        }
    }

    @Test
    void keepAlive_servesTheConfiguredNumberOfRequests_thenCloses() throws Exception {
        try (RawHttp http = new RawHttp(server.httpPort())) {
            String first = http.exchange("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first).startsWith("HTTP/1.1 404").containsIgnoringCase("connection: keep-alive");
            String second = http.exchange("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(second).startsWith("HTTP/1.1 404").containsIgnoringCase("connection: keep-alive");
            String third = http.exchange("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(third).startsWith("HTTP/1.1 404").containsIgnoringCase("connection: close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void anOversizedHead_gets431() throws Exception {
        try (RawHttp http = new RawHttp(server.httpPort())) {
            String response = http.exchange("GET /http-bind HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(4000)
                    + "\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void anOversizedBody_gets413() throws Exception {
        try (RawHttp http = new RawHttp(server.httpPort())) {
            String response = http.exchange(post("/http-bind", null, "<body xmlns='http://jabber.org/protocol/httpbind'>"
                    + "x".repeat(9000) + "</body>"));
            assertThat(response).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void theHttpsPort_servesBoshWithTheServersCertificate() throws Exception {
        java.net.http.HttpClient insecure = java.net.http.HttpClient.newBuilder()
                .sslContext(io.starling.core.testing.TrustAll.sslContext()).build();
        java.net.http.HttpResponse<String> r = insecure.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + server.httpsPort() + "/http-bind"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(CREATE)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("sid=").contains("mechanisms");
    }

    private static String post(String path, String origin, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n" + body;
    }

    /** One HTTP/1.1 connection; reads one response (head plus Content-Length body) per request. */
    private static final class RawHttp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawHttp(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        String exchange(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.UTF_8);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        boolean closedByServer() throws IOException {
            return in.read() == -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
