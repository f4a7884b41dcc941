package io.starling.server.it.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.starling.core.testing.Await;
import io.starling.core.xml.XmlElement;
import io.starling.server.testing.BoshHttpClient;
import io.starling.server.testing.BoshHttpClient.Reply;
import io.starling.server.testing.BoshHttpClient.Session;
import io.starling.server.testing.Contacts;
import io.starling.server.testing.PresenceClient;
import io.starling.server.testing.TestServer;

/**
 * XEP-0124 and XEP-0206 over raw HTTP: the creation response, SASL and restart, held requests and 'wait', the rid
 * window (retransmissions, out-of-order requests), pause, acknowledgements, and terminate with a last presence.
 */
class BoshProtocolIT {
    private static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    private static TestServer server;
    private static BoshHttpClient bosh;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        server.addUsers("amy", "ben", "cat", "don", "eli", "fox", "gil", "hap");
        bosh = new BoshHttpClient(server.httpPort());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chat(String to, String text) {
        return "<message xmlns='jabber:client' to='" + to + "' type='chat'><body>" + text + "</body></message>";
    }

    @Test
    void creation_answersTheTermsAndTheFirstFeatures() throws Exception {
        Session s = bosh.open(600, 5);
        Reply r = s.creation();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.attribute("sid")).hasSizeGreaterThanOrEqualTo(22);
        assertThat(r.attribute("wait")).isEqualTo("60");
        assertThat(r.attribute("hold")).isEqualTo("2");
        assertThat(r.attribute("requests")).isEqualTo("3");
        assertThat(r.attribute("polling")).isEqualTo("2");
        assertThat(r.attribute("inactivity")).isEqualTo("60");
        assertThat(r.attribute("maxpause")).isEqualTo("120");
        assertThat(r.attribute("ver")).isEqualTo("1.11");
        assertThat(r.attribute("from")).isEqualTo("localhost");
        assertThat(r.attribute("authid")).isNotBlank();
        assertThat(r.body().attribute(BoshHttpClient.XBOSH, "version")).isEqualTo("1.0");
        assertThat(r.body().attribute(BoshHttpClient.XBOSH, "restartlogic")).isEqualTo("true");
        assertThat(r.text()).contains("xmlns:stream='http://etherx.jabber.org/streams'");
        XmlElement features = r.payload().get(0);
        assertThat(features.name()).isEqualTo("features");
        assertThat(features.element(SASL, "mechanisms").toString()).contains("PLAIN", "SCRAM-SHA-1");
        assertThat(features.toString()).doesNotContain("starttls", "-PLUS");

        Session small = bosh.open(10, 1);
        assertThat(small.creation().attribute("wait")).isEqualTo("10");
        assertThat(small.creation().attribute("hold")).isEqualTo("1");
        assertThat(small.creation().attribute("requests")).isEqualTo("2");
        assertThat(small.creation().attribute("sid")).isNotEqualTo(r.attribute("sid"));
    }

    @Test
    void saslRestartAndBind_thenAChatWithATcpMember() throws Exception {
        Session s = bosh.open(5, 1);
        String jid = s.login("amy", TestServer.PASSWORD, "web");
        assertThat(jid).isEqualTo("amy@localhost/web");
        try (PresenceClient ben = PresenceClient.login(server, "ben", "desk")) {
            CompletableFuture<Reply> sent = s.send(chat("ben@localhost/desk", "hello over bosh"));
            Message m = ben.messages().poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.getBody()).isEqualTo("hello over bosh");
            assertThat(m.getFrom().toString()).isEqualTo("amy@localhost/web");

            CompletableFuture<Reply> held = s.send(""); // hold is 1: releases the request that carried the message
            assertThat(sent.get(5, TimeUnit.SECONDS).payload()).isEmpty();
            Thread.sleep(200);
            assertThat(held).isNotDone();
            ben.sendChat("amy@localhost/web", "hi <back> & forth");
            Reply r = held.get(5, TimeUnit.SECONDS);
            assertThat(r.payload()).hasSize(1);
            assertThat(r.text()).contains("<message xmlns='jabber:client'");
            assertThat(r.payload().get(0).element("jabber:client", "body").text()).isEqualTo("hi <back> & forth");
        }
        assertThat(s.terminate("").terminated()).isTrue();
    }

    @Test
    void heldRequest_isAnsweredEmpty_afterWait() throws Exception {
        Session s = bosh.open(2, 1);
        s.login("cat", TestServer.PASSWORD, "web");
        long start = System.nanoTime();
        Reply r = s.call("");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.payload()).isEmpty();
        assertThat(r.terminated()).isFalse();
        assertThat(millis).isBetween(1500L, 4000L);
        s.terminate("");
    }

    @Test
    void secondRequest_releasesTheHeldOne_whenHoldIsOne() throws Exception {
        Session s = bosh.open(20, 1);
        s.login("don", TestServer.PASSWORD, "web");
        CompletableFuture<Reply> first = s.send("");
        Thread.sleep(200);
        assertThat(first).isNotDone();
        CompletableFuture<Reply> second = s.send("");
        assertThat(first.get(5, TimeUnit.SECONDS).payload()).isEmpty();
        Thread.sleep(200);
        assertThat(second).isNotDone();
        s.terminate("");
        assertThat(second.get(5, TimeUnit.SECONDS).terminated()).isTrue();
    }

    @Test
    void retransmittedRid_getsTheSameResponseAgain() throws Exception {
        Session s = bosh.open(5, 1);
        s.login("eli", TestServer.PASSWORD, "web");
        long rid = s.takeRid();
        String ping = s.body(rid, "", "<iq xmlns='jabber:client' type='get' id='p1' to='localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        Reply first = bosh.exchange(ping);
        assertThat(first.text()).contains("id='p1'", "type='result'");
        Reply again = bosh.exchange(ping);
        assertThat(again.text()).isEqualTo(first.text());
        s.terminate("");
    }

    @Test
    void retransmittedHeldRid_releasesTheOldRequest_andHoldsTheNewOne() throws Exception {
        Session s = bosh.open(20, 1);
        s.login("eli", TestServer.PASSWORD, "retry");
        long rid = s.takeRid();
        CompletableFuture<Reply> first = bosh.post(s.body(rid, "", ""));
        Thread.sleep(200);
        CompletableFuture<Reply> retry = bosh.post(s.body(rid, "", ""));
        assertThat(first.get(5, TimeUnit.SECONDS).payload()).isEmpty();
        Thread.sleep(200);
        assertThat(retry).isNotDone();
        s.terminate("");
        assertThat(retry.get(5, TimeUnit.SECONDS).terminated()).isTrue();
    }

    @Test
    void outOfOrderRids_areProcessedInRidOrder() throws Exception {
        Session s = bosh.open(5, 2);
        s.login("fox", TestServer.PASSWORD, "web");
        try (PresenceClient gil = PresenceClient.login(server, "gil", "desk")) {
            long r1 = s.takeRid();
            long r2 = s.takeRid();
            CompletableFuture<Reply> second = bosh.post(s.body(r2, "", chat("gil@localhost/desk", "second")));
            Thread.sleep(300);
            assertThat(gil.messages().poll(200, TimeUnit.MILLISECONDS)).as("second waits for first").isNull();
            CompletableFuture<Reply> first = bosh.post(s.body(r1, "", chat("gil@localhost/desk", "first")));
            assertThat(gil.messages().poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("first");
            assertThat(gil.messages().poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("second");
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        }
        s.terminate("");
    }

    @Test
    void pause_answersHeldRequests_andTheSessionLivesOn() throws Exception {
        Session s = bosh.open(20, 1);
        s.login("hap", TestServer.PASSWORD, "web");
        CompletableFuture<Reply> held = s.send("");
        Thread.sleep(200);
        Reply paused = s.call("pause='5'", "");
        assertThat(paused.terminated()).isFalse();
        assertThat(held.get(5, TimeUnit.SECONDS).terminated()).isFalse();
        Thread.sleep(1000);
        Reply ping = s.call("<iq xmlns='jabber:client' type='get' id='p2' to='localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(ping.text()).contains("id='p2'");

        Reply tooLong = s.call("pause='121'", "");
        assertThat(tooLong.terminated()).isTrue();
        assertThat(tooLong.condition()).isEqualTo("policy-violation");
    }

    @Test
    void ack_isAnsweredAtCreation() throws Exception {
        long rid = 5000;
        Reply r = bosh.exchange("<body xmlns='" + BoshHttpClient.NS + "' xmlns:xmpp='" + BoshHttpClient.XBOSH
                + "' to='localhost' xmpp:version='1.0' wait='5' hold='1' ack='1' rid='" + rid + "'/>");
        assertThat(r.attribute("ack")).isEqualTo(Long.toString(rid));
        Session s = bosh.attach(r.attribute("sid"), rid + 1);
        assertThat(s.terminate("").terminated()).isTrue();
    }

    @Test
    void terminate_withUnavailablePresence_isSeenByAContact() throws Exception {
        try (PresenceClient ben = PresenceClient.login(server, "ben", "watch")) {
            try (PresenceClient setup = PresenceClient.login(server, "gil", "setup")) {
                Contacts.makeMutual(setup.connection(), ben.connection());
            }
            Session s = bosh.open(5, 1);
            s.login("gil", TestServer.PASSWORD, "web");
            s.call("<presence xmlns='jabber:client'/>");
            Await.until("ben sees gil/web available", () -> ben.presences().sawAvailable("gil@localhost/web"));
            Reply r = s.terminate("<presence xmlns='jabber:client' type='unavailable'/>");
            assertThat(r.terminated()).isTrue();
            assertThat(r.condition()).isNull();
            Await.until("ben sees gil/web unavailable", () -> ben.presences().showsUnavailable("gil@localhost/web"));
            Reply after = s.call("");
            assertThat(after.condition()).isEqualTo("item-not-found");
        }
    }

    @Test
    void streamManagement_overBosh_enableRequestAndAck() throws Exception {
        Session s = bosh.open(5, 1);
        s.login("amy", TestServer.PASSWORD, "sm");
        Reply enabled = s.call("<enable xmlns='urn:xmpp:sm:3'/>");
        assertThat(enabled.text()).contains("<enabled xmlns='urn:xmpp:sm:3'");
        Reply ping = s.call("<iq xmlns='jabber:client' type='get' id='p3' to='localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(ping.text()).contains("id='p3'");
        Reply acked = s.call("<r xmlns='urn:xmpp:sm:3'/>");
        List<XmlElement> all = acked.payload();
        assertThat(all).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("a");
            assertThat(e.attribute("h")).isEqualTo("1");
        });
        s.terminate("");
    }
}
