package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.server.testing.BoshHttpClient;
import io.starling.server.testing.BoshHttpClient.Reply;
import io.starling.server.testing.BoshHttpClient.Session;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.TestServer;

/**
 * Bad BOSH requests: each gets its XEP-0124 §17.2 terminal condition (or the HTTP status the spec allows before a
 * session exists), and after each, a BOSH member and a TCP member still chat both ways.
 */
class BoshBadInputIT {
    private static TestServer server;
    private static BoshHttpClient bosh;
    private static Session kim;
    private static PresenceClient tom;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("kim", "tom", "eve");
        bosh = new BoshHttpClient(server.httpPort());
        kim = bosh.open(2, 1);
        kim.login("kim", TestServer.PASSWORD, "web");
        tom = PresenceClient.login(server, "tom", "desk");
    }

    @AfterAll
    static void stop() {
        tom.close();
        server.close();
    }

    @AfterEach
    void othersStillChat() throws Exception {
        String text = "still here " + System.nanoTime();
        tom.sendChat("kim@localhost/web", text);
        kim.pollUntil("message", text, Duration.ofSeconds(10));
        CompletableFuture<Reply> sent = kim.send("<message xmlns='jabber:client' to='tom@localhost/desk'"
                + " type='chat'><body>" + text + " back</body></message>");
        Message m = tom.messages().poll(10, TimeUnit.SECONDS);
        assertThat(m).as("tom still receives kim's messages").isNotNull();
        assertThat(m.getBody()).isEqualTo(text + " back");
        sent.get(10, TimeUnit.SECONDS);
    }

    private static void assertCondition(Reply r, String condition) {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.terminated()).as(r.text()).isTrue();
        assertThat(r.condition()).isEqualTo(condition);
    }

    @Test
    void ridBeyondTheWindow_isItemNotFound_andEndsTheSession() throws Exception {
        Session s = bosh.open(5, 1);
        assertCondition(bosh.exchange(s.body(s.nextRid() + 5, "", "")), "item-not-found");
        assertCondition(s.call(""), "item-not-found");
    }

    @Test
    void replayedRid_olderThanTheCachedResponses_isItemNotFound() throws Exception {
        Session s = bosh.open(5, 1);
        long old = s.nextRid();
        s.login("eve", TestServer.PASSWORD, "replay"); // three requests, each answered
        s.call("<iq xmlns='jabber:client' type='get' id='x' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertCondition(bosh.exchange(s.body(old, "", "")), "item-not-found");
    }

    @Test
    void unknownSid_isItemNotFound() throws Exception {
        assertCondition(bosh.exchange("<body xmlns='" + BoshHttpClient.NS + "' sid='" + kim.sid() + "x' rid='"
                + kim.nextRid() + "'/>"), "item-not-found");
    }

    @Test
    void malformedBody_isBadRequest() throws Exception {
        assertCondition(bosh.exchange("<body xmlns='" + BoshHttpClient.NS + "' rid='1' to='localhost'"),
                "bad-request");
        assertCondition(bosh.exchange("<body xmlns='" + BoshHttpClient.NS + "' rid='1' to='localhost'>"
                + "<message></body>"), "bad-request");
        assertCondition(bosh.exchange("<?xml version='1.0'?><!DOCTYPE body [<!ENTITY lol 'lol'>]><body xmlns='"
                + BoshHttpClient.NS + "' rid='1' to='localhost'>&lol;</body>"), "bad-request");
        assertCondition(bosh.exchange("<body xmlns='" + BoshHttpClient.NS + "' to='localhost'/>"), "bad-request");
        assertCondition(bosh.exchange("<body xmlns='" + BoshHttpClient.NS + "' rid='12ab' to='localhost'/>"),
                "bad-request");
    }

    @Test
    void wrongNamespace_isBadRequest() throws Exception {
        assertCondition(bosh.exchange("<body xmlns='jabber:client' rid='1' to='localhost'/>"), "bad-request");
        assertCondition(bosh.exchange("<stream xmlns='" + BoshHttpClient.NS + "' rid='1' to='localhost'/>"),
                "bad-request");
    }

    @Test
    void unknownHost_isHostUnknown() throws Exception {
        assertCondition(bosh.exchange("<body xmlns='" + BoshHttpClient.NS + "' xmlns:xmpp='" + BoshHttpClient.XBOSH
                + "' xmpp:version='1.0' rid='1' to='example.org' wait='5' hold='1'/>"), "host-unknown");
    }

    @Test
    void oversizedBody_is413() throws Exception {
        int max = server.config().gateway().maxBodyBytes();
        String big = "<body xmlns='" + BoshHttpClient.NS + "' rid='1' to='localhost'>" + " ".repeat(max) + "</body>";
        HttpResponse<String> r = bosh.http().send(HttpRequest.newBuilder(bosh.uri())
                .POST(HttpRequest.BodyPublishers.ofString(big, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void get_isNotBosh() throws Exception {
        HttpResponse<String> r = bosh.http().send(HttpRequest.newBuilder(bosh.uri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void requestsAfterTerminate_areItemNotFound() throws Exception {
        Session s = bosh.open(5, 1);
        assertThat(s.terminate("").terminated()).isTrue();
        assertCondition(s.call(""), "item-not-found");
    }

    @Test
    void moreSimultaneousRequestsThanAllowed_isPolicyViolation() throws Exception {
        Session s = bosh.open(20, 1); // requests = 2
        long r1 = s.takeRid();
        long r2 = s.takeRid();
        long r3 = s.takeRid();
        CompletableFuture<Reply> held = bosh.post(s.body(r1, "", ""));
        Thread.sleep(200); // r3 is inside the window only once r1 is processed
        CompletableFuture<Reply> early = bosh.post(s.body(r3, "", ""));
        Thread.sleep(300);
        assertThat(held).isNotDone();
        Reply third = bosh.exchange(s.body(r2, "", ""));
        assertCondition(third, "policy-violation");
        assertCondition(held.get(5, TimeUnit.SECONDS), "policy-violation");
        assertCondition(early.get(5, TimeUnit.SECONDS), "policy-violation");
    }

    @Test
    void pollingTooOften_isPolicyViolation() throws Exception {
        Session s = bosh.open(5, 0); // a polling session: answers at once, one request every 'polling'
        assertThat(s.call("").terminated()).isFalse();
        assertCondition(s.call(""), "policy-violation");
    }
}
