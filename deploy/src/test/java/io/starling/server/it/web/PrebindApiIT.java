package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.server.testing.BoshHttpClient;
import io.starling.server.testing.TestServer;

/** The prebind endpoint's HTTP contract: keys, input checks, and where it is (not) served. */
class PrebindApiIT {
    static final String KEY = "test-prebind-key-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(c -> c.withGateway(c.gateway().withPrebindKeys(KEY + ", second-key-0123456789")));
        server.addUsers("alice");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsASessionThePageAttachesTo() throws Exception {
        HttpResponse<String> r = post(server.internalPort(), KEY, "{\"user\":\"Alice\",\"resource\":\"page\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode session = JSON.readTree(r.body());
        assertThat(session.path("jid").asText()).isEqualTo("alice@localhost/page");
        assertThat(session.path("rid").isIntegralNumber()).isTrue();
        BoshHttpClient.Session page = new BoshHttpClient(server.httpPort())
                .attach(session.path("sid").asText(), session.path("rid").asLong());
        BoshHttpClient.Reply pong = page.call("<iq xmlns='jabber:client' type='get' id='p1' to='localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        if (!pong.text().contains("p1")) {
            page.pollUntil("iq", "p1", Duration.ofSeconds(10));
        }
        assertThat(page.terminate("").terminated()).isTrue();
    }

    @Test
    void anInvalidResourceIsBadRequest() throws Exception {
        HttpResponse<String> r = post(server.internalPort(), KEY, "{\"user\":\"alice\",\"resource\":\"\\u0007\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(problemType(r)).isEqualTo("urn:starling:problem:prebind-refused");
    }

    @Test
    void theSecondKeyWorksToo() throws Exception {
        HttpResponse<String> r = post(server.internalPort(), "second-key-0123456789", "{\"user\":\"alice\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("jid").asText()).startsWith("alice@localhost/");
    }

    @Test
    void withoutKeyIsUnauthorized() throws Exception {
        HttpResponse<String> r = post(server.internalPort(), null, "{\"user\":\"alice\"}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    }

    @Test
    void wrongKeyIsUnauthorized() throws Exception {
        assertThat(post(server.internalPort(), "not-the-key-0123456789", "{\"user\":\"alice\"}").statusCode())
                .isEqualTo(401);
        assertThat(post(server.internalPort(), KEY + "x", "{\"user\":\"alice\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void malformedJsonIsBadRequest() throws Exception {
        HttpResponse<String> r = post(server.internalPort(), KEY, "{\"user\":");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(problemType(r)).isEqualTo("urn:starling:problem:malformed-json");
    }

    @Test
    void wrongShapeIsBadRequest() throws Exception {
        assertThat(post(server.internalPort(), KEY, "[\"alice\"]").statusCode()).isEqualTo(400);
        assertThat(post(server.internalPort(), KEY, "{\"user\":42}").statusCode()).isEqualTo(400);
        assertThat(post(server.internalPort(), KEY, "{\"user\":\"alice\",\"resource\":{}}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void invalidNameIsBadRequest() throws Exception {
        HttpResponse<String> r = post(server.internalPort(), KEY, "{\"user\":\"a@b\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(problemType(r)).isEqualTo("urn:starling:problem:invalid-user");
    }

    @Test
    void unknownMemberIsNotFound() throws Exception {
        HttpResponse<String> r = post(server.internalPort(), KEY, "{\"user\":\"nobody\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(problemType(r)).isEqualTo("urn:starling:problem:unknown-member");
    }

    @Test
    void notServedOnThePublicListener() throws Exception {
        assertThat(post(server.httpPort(), KEY, "{\"user\":\"alice\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void offWithoutKeys() throws Exception {
        try (TestServer plain = TestServer.start()) {
            assertThat(post(plain.internalPort(), KEY, "{\"user\":\"alice\"}").statusCode()).isEqualTo(404);
        }
    }

    static HttpResponse<String> post(int port, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/prebind"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String problemType(HttpResponse<String> r) throws Exception {
        JsonNode node = JSON.readTree(r.body());
        return node.path("type").asText();
    }
}
