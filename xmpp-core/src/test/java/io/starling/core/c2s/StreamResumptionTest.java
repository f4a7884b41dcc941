package io.starling.core.c2s;

import static io.starling.core.c2s.TestConnection.chat;
import static io.starling.core.c2s.TestConnection.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.starling.core.session.Session;
import io.starling.core.spi.CloseReason;

/**
 * XEP-0198 §5: a session whose connection dropped stays bound and keeps its stanzas, a new stream resumes it (the
 * old and new connections on different event loops), and everything it could not get acknowledged is routed again
 * when it ends for good.
 */
class StreamResumptionTest {
    private static final Pattern ID = Pattern.compile("id='([^']+)'");
    private static final String BOB = "bob@example.com/phone";
    private static final String ALICE = "alice@example.com/desk";

    private final C2sFixture fixture = new C2sFixture(60, 100, 100);

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Bob logged in with resumable stream management; returns the resumption id. */
    private String enableResume(TestConnection bob) {
        bob.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        Matcher m = ID.matcher(bob.take());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private Session bobSession() {
        return fixture.registry.get(TestConnection.jid(BOB));
    }

    private void deliverToBob(String... bodies) {
        for (String body : bodies) {
            bobSession().deliver(chat(ALICE, BOB, body));
        }
    }

    private static String resume(String id, long h) {
        return "<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='" + h + "'/>";
    }

    private static String body(String text) {
        return "<body>" + text + "</body>";
    }

    @Test
    void droppedConnection_sessionStaysBoundAndRoutable_stanzasQueue() {
        TestConnection bob = fixture.login("bob", "phone");
        enableResume(bob);
        Session session = bobSession();
        bob.drop();
        deliverToBob("while away");
        bob.run();
        assertThat(fixture.registry.get(TestConnection.jid(BOB))).isSameAs(session);
        assertThat(fixture.closed).isEmpty();
        assertThat(fixture.fallback).isEmpty();
    }

    @Test
    void resume_answersWithTheCount_resendsWhatTheClientLacks_andCarriesOn() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        Session session = bobSession();
        bob.send(message("carol@example.com", "out1"));
        bob.send(message("carol@example.com", "out2"));
        deliverToBob("m1", "m2", "m3");
        bob.run();
        bob.send("<a xmlns='urn:xmpp:sm:3' h='1'/>");
        bob.drop();
        deliverToBob("m4");

        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 2)); // the client got m1 and m2
        String out = again.take();
        assertThat(out).startsWith("<resumed xmlns='urn:xmpp:sm:3' previd='" + id + "' h='2'/>");
        assertThat(out).doesNotContain(body("m1")).doesNotContain(body("m2"));
        assertThat(out.indexOf(body("m3"))).isPositive().isLessThan(out.indexOf(body("m4")));
        assertThat(out).endsWith("<r xmlns='urn:xmpp:sm:3'/>");

        assertThat(bobSession()).isSameAs(session);
        deliverToBob("m5");
        again.run();
        assertThat(again.take()).contains(body("m5"));
        again.send(message("carol@example.com", "out3"));
        again.send("<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(again.take()).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        assertThat(fixture.fallbackBodies()).containsExactly("out1", "out2", "out3");
        assertThat(fixture.closed).isEmpty();
        again.finish();
    }

    @Test
    void stanzasRightBehindResume_waitForTheAnswer_thenGoToTheResumedSession() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        bob.drop();
        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 0) + message("carol@example.com", "behind") + "<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(again.take()).isEqualTo("<resumed xmlns='urn:xmpp:sm:3' previd='" + id + "' h='0'/>"
                + "<a xmlns='urn:xmpp:sm:3' h='1'/>");
        assertThat(fixture.fallbackBodies()).containsExactly("behind");
        again.finish();
    }

    @Test
    void resumeWhileAStanzaOfTheOldStreamIsStillBeingRouted_resumedOnlyOnceItIsHandled_countingIt() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        bob.send(message("carol@example.com", "out1"));
        CompletableFuture<Void> storing = new CompletableFuture<>();
        fixture.fallbackStage = storing;
        bob.send(message("carol@example.com", "out2")); // carol is offline: not yet committed
        fixture.fallbackStage = null;
        deliverToBob("m1");
        bob.run();
        bob.drop();

        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 0) + message("carol@example.com", "behind") + "<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(again.take()).as("no <resumed/> while out2 is not committed").isEmpty();
        deliverToBob("m2");
        again.run();
        assertThat(again.take()).as("queued, not written before <resumed/>").isEmpty();
        assertThat(fixture.fallbackBodies()).containsExactly("out1", "out2");

        storing.complete(null);
        again.run();
        String out = again.take();
        assertThat(out).startsWith("<resumed xmlns='urn:xmpp:sm:3' previd='" + id + "' h='2'/>");
        assertThat(out.indexOf(body("m1"))).isPositive().isLessThan(out.indexOf(body("m2")));
        assertThat(out).endsWith("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        assertThat(fixture.fallbackBodies()).containsExactly("out1", "out2", "behind");
        assertThat(fixture.closed).isEmpty();
        again.finish();
    }

    @Test
    void oldStreamsStanzaNeverHandled_resumptionFailsWithInternalServerError_theSessionEnds_andTheClientBinds() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        fixture.fallbackStage = new CompletableFuture<>(); // never committed
        bob.send(message("carol@example.com", "stuck"));
        fixture.fallbackStage = null;
        deliverToBob("m1");
        bob.run();
        bob.drop();

        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 0));
        bob.advance(StreamResumption.HANDLED_WAIT_SECONDS - 1);
        assertThat(again.take()).isEmpty();
        assertThat(fixture.closed).isEmpty();
        bob.advance(2);
        assertThat(again.take()).isEqualTo("<failed xmlns='urn:xmpp:sm:3'>"
                + "<internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        assertThat(fixture.closed).containsExactly(CloseReason.TIMEOUT);
        assertThat(fixture.resumptions.size()).isZero();
        assertThat(fixture.fallbackBodies()).as("its unacknowledged message routed again")
                .containsExactly("stuck", "m1");
        again.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        assertThat(again.take()).contains("type='result'");
        again.finish();
    }

    @Test
    void secondResumeWhileTheFirstWaits_takesOver_andTheFirstIsRefused() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        CompletableFuture<Void> storing = new CompletableFuture<>();
        fixture.fallbackStage = storing;
        bob.send(message("carol@example.com", "out1"));
        fixture.fallbackStage = null;
        bob.drop();
        TestConnection first = fixture.connect().authenticate("bob");
        first.take();
        first.send(resume(id, 0));
        TestConnection second = fixture.connect().authenticate("bob");
        second.take();
        second.send(resume(id, 0));
        assertThat(first.take()).isEmpty();
        assertThat(second.take()).isEmpty();
        storing.complete(null);
        second.run();
        assertThat(first.take()).contains("<item-not-found");
        assertThat(second.take()).isEqualTo("<resumed xmlns='urn:xmpp:sm:3' previd='" + id + "' h='1'/>");
        deliverToBob("m1");
        second.run();
        assertThat(second.take()).contains(body("m1"));
        first.finish();
        second.finish();
    }

    @Test
    void unknownId_failedItemNotFound_thenBindingWorks() {
        TestConnection c = fixture.connect().authenticate("bob");
        c.take();
        c.send(resume("no-such-id", 0));
        assertThat(c.take()).isEqualTo("<failed xmlns='urn:xmpp:sm:3'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
        c.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        assertThat(c.take()).contains("type='result'");
        c.finish();
    }

    @Test
    void anotherAccountsId_failedItemNotFound_andTheSessionStaysResumable() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        bob.drop();
        TestConnection mallory = fixture.connect().authenticate("alice");
        mallory.take();
        mallory.send(resume(id, 0));
        assertThat(mallory.take()).contains("<item-not-found");
        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 0));
        assertThat(again.take()).startsWith("<resumed");
        mallory.finish();
        again.finish();
    }

    @Test
    void oldStreamStillOpen_endsWithConflict_andItsLateEventsAreIgnored() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 0));
        assertThat(again.take()).startsWith("<resumed");
        assertThat(bob.take()).contains("<conflict").endsWith("</stream:stream>");
        bob.drop();
        assertThat(fixture.registry.size()).isOne();
        assertThat(fixture.closed).isEmpty();
        deliverToBob("m1");
        again.run();
        assertThat(again.take()).contains(body("m1"));
        again.finish();
    }

    @Test
    void handledCountTooHigh_onResume_streamError_andTheSessionStaysResumable() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        deliverToBob("m1");
        bob.run();
        bob.drop();
        TestConnection wrong = fixture.connect().authenticate("bob");
        wrong.take();
        wrong.send(resume(id, 5));
        assertThat(wrong.take()).contains("<undefined-condition")
                .contains("<handled-count-too-high xmlns='urn:xmpp:sm:3' h='5' send-count='1'/>");
        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 0));
        assertThat(again.take()).contains(body("m1"));
        wrong.finish();
        again.finish();
    }

    @Test
    void resumeTimeout_sessionEnds_withTimeout_andUnacknowledgedMessagesAreRoutedAgainInOrder() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        deliverToBob("m1", "m2");
        bob.run();
        bob.drop();
        deliverToBob("m3");
        bob.advance(59);
        assertThat(fixture.closed).isEmpty();
        bob.advance(2);
        assertThat(fixture.closed).containsExactly(CloseReason.TIMEOUT);
        assertThat(fixture.registry.size()).isZero();
        assertThat(fixture.resumptions.size()).isZero();
        assertThat(fixture.fallbackBodies()).containsExactly("m1", "m2", "m3");
        TestConnection late = fixture.connect().authenticate("bob");
        late.take();
        late.send(resume(id, 0));
        assertThat(late.take()).contains("<item-not-found");
        late.finish();
    }

    @Test
    void idleTimeout_ofAResumableSession_detachesIt_insteadOfEndingIt() {
        TestConnection bob = fixture.login("bob", "phone");
        String id = enableResume(bob);
        bob.idle();
        assertThat(bob.take()).contains("<connection-timeout");
        assertThat(bob.channel.isOpen()).isFalse();
        assertThat(fixture.closed).isEmpty();
        TestConnection again = fixture.connect().authenticate("bob");
        again.take();
        again.send(resume(id, 0));
        assertThat(again.take()).startsWith("<resumed");
        again.finish();
    }

    @Test
    void newLoginWithTheSameResource_whileDetached_replacesIt_andGetsItsUnacknowledgedMessages() {
        TestConnection bob = fixture.login("bob", "phone");
        enableResume(bob);
        deliverToBob("m1");
        bob.run();
        bob.drop();
        TestConnection fresh = fixture.connect().authenticate("bob");
        fresh.take();
        fresh.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>phone</resource>"
                + "</bind></iq>");
        assertThat(fixture.closed).containsExactly(CloseReason.REPLACED);
        String out = fresh.take();
        assertThat(out.indexOf(body("m1"))).isGreaterThan(out.indexOf("type='result'"));
        assertThat(fixture.fallback).isEmpty();
        fresh.finish();
    }

    @Test
    void endedSession_routesItsLeftoversOneAtATime_eachAfterThePreviousWasTakenOver() {
        TestConnection bob = fixture.login("bob", "phone");
        bob.send("<enable xmlns='urn:xmpp:sm:3'/>").take();
        deliverToBob("m1", "m2", "m3");
        bob.run();
        CompletableFuture<Void> storing = new CompletableFuture<>();
        fixture.fallbackStage = storing;
        bob.drop();
        assertThat(fixture.fallbackBodies()).containsExactly("m1");
        assertThat(fixture.leftovers.inFlight()).as("counted until taken, for a shutdown to wait").isEqualTo(3);
        fixture.fallbackStage = null;
        storing.complete(null);
        bob.run();
        assertThat(fixture.fallbackBodies()).containsExactly("m1", "m2", "m3");
        assertThat(fixture.leftovers.inFlight()).isZero();
    }
}
