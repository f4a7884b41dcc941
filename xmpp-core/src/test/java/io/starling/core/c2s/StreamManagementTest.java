package io.starling.core.c2s;

import static io.starling.core.c2s.TestConnection.chat;
import static io.starling.core.c2s.TestConnection.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.starling.core.session.Session;
import io.starling.core.spi.CloseReason;
import io.starling.core.testing.Stanzas;

/** XEP-0198 §2–§4 on one stream: the feature, enable, and acknowledgements both ways, with exact counts. */
class StreamManagementTest {
    private static final String ENABLE = "<enable xmlns='urn:xmpp:sm:3'/>";
    private static final String R = "<r xmlns='urn:xmpp:sm:3'/>";

    private final C2sFixture fixture = new C2sFixture(300, 10, 5);
    private TestConnection bob;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Session bobSession() {
        return fixture.registry.get(TestConnection.jid("bob@example.com/phone"));
    }

    @Test
    void featuresAfterAuthentication_offerStreamManagement_featuresBeforeDoNot() {
        TestConnection before = fixture.connect();
        before.send(TestConnection.HEADER);
        assertThat(before.take()).contains("</stream:features>").doesNotContain("urn:xmpp:sm:3");
        before.finish();
        TestConnection c = fixture.connect().authenticate("bob");
        assertThat(c.take()).contains("<sm xmlns='urn:xmpp:sm:3'/>");
        c.finish();
    }

    @Test
    void enableBeforeBind_failedUnexpectedRequest_andBindStillWorks() {
        TestConnection c = fixture.connect().authenticate("bob");
        c.take();
        c.send(ENABLE);
        assertThat(c.take()).isEqualTo("<failed xmlns='urn:xmpp:sm:3'>"
                + "<unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        assertThat(c.take()).contains("type='result'");
        c.finish();
    }

    @Test
    void enableTwice_secondFailsWithUnexpectedRequest() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE);
        assertThat(bob.take()).isEqualTo("<enabled xmlns='urn:xmpp:sm:3'/>");
        bob.send(ENABLE);
        assertThat(bob.take()).contains("<failed xmlns='urn:xmpp:sm:3'><unexpected-request");
    }

    @Test
    void enableWithResume_idAndMaxCappedByResumeTimeout() {
        bob = fixture.login("bob", "phone");
        bob.send("<enable xmlns='urn:xmpp:sm:3' resume='true' max='3600'/>");
        assertThat(bob.take()).matches("<enabled xmlns='urn:xmpp:sm:3' id='[A-Za-z0-9_-]{24}' resume='true' "
                + "max='300'/>");
        TestConnection carol = fixture.login("carol", "desk");
        carol.send("<enable xmlns='urn:xmpp:sm:3' resume='1' max='60'/>");
        assertThat(carol.take()).contains("max='60'");
        carol.finish();
        assertThat(fixture.resumptions.size()).isEqualTo(2);
    }

    @Test
    void clientRequest_answeredWithTheCountOfStanzasSinceEnable() {
        bob = fixture.login("bob", "phone");
        bob.send(message("carol@example.com", "before enable"));
        bob.send(ENABLE).take();
        bob.send(R);
        assertThat(bob.take()).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='0'/>");
        bob.send(message("carol@example.com", "1"));
        bob.send("<presence type='bogus'/>"); // answered with an error: handled all the same
        bob.send("<iq type='get' id='p' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>");
        bob.take();
        bob.send(R);
        assertThat(bob.take()).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='3'/>");
    }

    @Test
    void requestWhileAStanzaIsStillBeingRouted_answeredAtOnceWithoutIt_thenAnUnrequestedAckOnceItIsHandled() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        bob.send(message("carol@example.com", "1")); // carol is offline: the fallback takes it at once
        CompletableFuture<Void> storing = new CompletableFuture<>();
        fixture.fallbackStage = storing;
        bob.send(message("carol@example.com", "2")); // not yet committed
        fixture.fallbackStage = null;
        bob.send(message("carol@example.com", "3"));
        bob.send(R);
        assertThat(bob.take()).as("answered at once; 2 and 3 are not counted yet")
                .isEqualTo("<a xmlns='urn:xmpp:sm:3' h='1'/>");
        bob.advance(5);
        assertThat(bob.take()).as("nothing more while 2 is not committed").isEmpty();
        storing.complete(null);
        bob.run();
        assertThat(bob.take()).as("unrequested").isEqualTo("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        bob.send(R);
        assertThat(bob.take()).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        bob.run();
        assertThat(bob.take()).isEmpty();
    }

    @Test
    void severalRequestsWhileRouting_eachAnsweredAtOnce_oneUnrequestedAckWhenAllBeforeTheLastAreHandled() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        CompletableFuture<Void> first = new CompletableFuture<>();
        fixture.fallbackStage = first;
        bob.send(message("carol@example.com", "1"));
        fixture.fallbackStage = null;
        bob.send(message("carol@example.com", "2"));
        bob.send(R);
        CompletableFuture<Void> third = new CompletableFuture<>();
        fixture.fallbackStage = third;
        bob.send(message("carol@example.com", "3"));
        fixture.fallbackStage = null;
        bob.send(R);
        assertThat(bob.take()).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='0'/><a xmlns='urn:xmpp:sm:3' h='0'/>");
        first.complete(null);
        bob.run();
        assertThat(bob.take()).as("3 came before the last request and is not handled yet").isEmpty();
        third.complete(null);
        bob.run();
        assertThat(bob.take()).as("one for both requests").isEqualTo("<a xmlns='urn:xmpp:sm:3' h='3'/>");
    }

    @Test
    void stanzasStillBeingRouted_withoutARequest_noUnrequestedAck() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        CompletableFuture<Void> storing = new CompletableFuture<>();
        fixture.fallbackStage = storing;
        bob.send(message("carol@example.com", "1"));
        fixture.fallbackStage = null;
        storing.complete(null);
        bob.run();
        assertThat(bob.take()).isEmpty();
        bob.send(R);
        assertThat(bob.take()).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='1'/>");
    }

    @Test
    void server_requestsAnAckEveryNStanzas_andShortlyAfterTheLast() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        for (int i = 1; i <= 6; i++) {
            bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m" + i));
        }
        bob.run();
        String out = bob.take();
        assertThat(out.indexOf("<r xmlns='urn:xmpp:sm:3'/>")).isGreaterThan(out.indexOf("m5"))
                .isLessThan(out.indexOf("m6"));
        bob.advance(1);
        assertThat(bob.take()).isEqualTo("<r xmlns='urn:xmpp:sm:3'/>");
        bob.advance(5);
        assertThat(bob.take()).isEmpty();
    }

    @Test
    void ackFromClient_dropsAcknowledged_theRestIsRoutedAgainWhenTheSessionEnds() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        for (int i = 1; i <= 3; i++) {
            bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m" + i));
        }
        bob.run();
        bob.send("<a xmlns='urn:xmpp:sm:3' h='2'/>");
        bob.drop(); // not resumable: the session ends
        assertThat(fixture.registry.size()).isZero();
        assertThat(fixture.fallbackBodies()).containsExactly("m3");
    }

    @Test
    void ackHigherThanSent_undefinedConditionWithHandledCountTooHigh() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m1"));
        bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m2"));
        bob.run().take();
        bob.send("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        assertThat(bob.take()).isEqualTo("<stream:error>"
                + "<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<handled-count-too-high xmlns='urn:xmpp:sm:3' h='3' send-count='2'/>"
                + "</stream:error></stream:stream>");
    }

    @Test
    void ackWithoutACount_badFormat() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        bob.send("<a xmlns='urn:xmpp:sm:3' h='-1'/>");
        assertThat(bob.take()).contains("<bad-format");
    }

    @Test
    void requestBeforeEnable_unsupportedStanzaType() {
        bob = fixture.login("bob", "phone");
        bob.send(R);
        assertThat(bob.take()).contains("<unsupported-stanza-type");
    }

    @Test
    void tooManyUnacknowledged_policyViolation_everyMessageRoutedAgainInOrder() {
        bob = fixture.login("bob", "phone");
        bob.send(ENABLE).take();
        for (int i = 1; i <= 11; i++) { // the bound is 10
            bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m" + i));
        }
        bob.run();
        assertThat(bob.output()).contains("<policy-violation").doesNotContain("m11");
        bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m12")); // while closing
        bob.run();
        bob.drop();
        assertThat(fixture.fallbackBodies()).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9",
                "m10", "m11", "m12");
    }

    @Test
    void cleanClose_afterAckingEverything_nothingRoutedAgain() {
        bob = fixture.login("bob", "phone");
        bob.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>").take();
        bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m1"));
        bobSession().deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m2"));
        bob.run();
        bob.send("<a xmlns='urn:xmpp:sm:3' h='2'/>");
        bob.send("</stream:stream>");
        bob.drop();
        assertThat(fixture.registry.size()).isZero();
        assertThat(fixture.resumptions.size()).isZero();
        assertThat(fixture.fallback).isEmpty();
    }

    @Test
    void cleanClose_withUnacknowledged_onlyMessagesRoutedAgain_notErrorsPresenceOrIq() {
        bob = fixture.login("bob", "phone");
        bob.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>").take();
        Session s = bobSession();
        s.deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m1"));
        s.deliver(Stanzas.presence("alice@example.com/desk", "bob@example.com", null));
        s.deliver(Stanzas.iq("alice@example.com/desk", "bob@example.com/phone", "get",
                null));
        s.deliver(Stanzas.message("alice@example.com/desk", "bob@example.com/phone",
                "error", "e"));
        s.deliver(chat("alice@example.com/desk", "bob@example.com/phone", "m2"));
        bob.run();
        bob.send("</stream:stream>");
        bob.drop();
        assertThat(fixture.closed).containsExactly(CloseReason.LOGOUT);
        assertThat(fixture.fallbackBodies()).containsExactly("m1", "m2");
    }
}
