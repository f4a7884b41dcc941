package io.starling.core.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.session.RouteOutcome;
import io.starling.core.session.Router;
import io.starling.core.stanza.Stanza;
import io.starling.core.testing.Stanzas;
import io.starling.core.xml.XmlElement;

/** The order in which an ended session's messages are routed again, and which of them are. */
class LeftoversTest {
    private static final String BOB = "bob@example.com/phone";
    private static final String ALICE = "alice@example.com/desk";

    /** Records what is routed again, and where; a plain {@code route} would lose the leftover rules, so it fails. */
    private final List<String> rerouted = new ArrayList<>();
    private final Router router = new Router() {
        @Override
        public CompletionStage<Void> route(Stanza stanza) {
            throw new AssertionError("leftovers go through a place");
        }

        @Override
        public CompletionStage<RouteOutcome> routeReporting(Stanza stanza) {
            throw new AssertionError("leftovers go through a place");
        }

        @Override
        public Rerouting rerouting(Jid ending) {
            String name = "place " + (++places);
            return new Rerouting() {
                @Override
                public CompletionStage<Void> reroute(Stanza message) {
                    rerouted.add(message.element().element("body").text() + " @" + name);
                    return taken;
                }

                @Override
                public void close() {
                    rerouted.add("close " + name);
                }
            };
        }
    };
    private int places;
    /** Completes when the test says the server has taken the rerouted messages. */
    private CompletableFuture<Void> taken = CompletableFuture.completedFuture(null);
    private final LeftoverRoutings inFlight = new LeftoverRoutings();
    private final Leftovers leftovers = new Leftovers(router, inFlight);

    private static Stanza chat(String body) {
        return Stanzas.message(ALICE, BOB, "chat", body);
    }

    private Router.Rerouting place() {
        return router.rerouting(Jid.parse(BOB));
    }

    @Test
    void unsentOutput_goesAheadOfWhatWasHeldWhileClosing_allRoutedInThePlaceOnRelease() {
        leftovers.add(chat("delivered while closing"));
        leftovers.addFirst(List.of(chat("unsent 1"), chat("unsent 2")));
        assertThat(rerouted).isEmpty();
        leftovers.release(List.of(), place());
        assertThat(rerouted).containsExactly("unsent 1 @place 1", "unsent 2 @place 1",
                "delivered while closing @place 1");
    }

    @Test
    void unacknowledgedFirst_thenHeld_thenLaterOnesInThePlace_untilClosed_thenEachAlone() {
        leftovers.add(chat("held"));
        leftovers.release(List.of(chat("unacked 1"), chat("unacked 2")), place());
        leftovers.add(chat("queued before the unbinding"));
        leftovers.addFirst(List.of(chat("unsent, after the end")));
        leftovers.close();
        leftovers.add(chat("much later"));
        assertThat(rerouted).containsExactly("unacked 1 @place 1", "unacked 2 @place 1", "held @place 1",
                "queued before the unbinding @place 1", "unsent, after the end @place 1", "close place 1",
                "much later @place 2", "close place 2");
    }

    @Test
    void errorsAreNotRoutedAgain() {
        leftovers.add(Stanzas.message(ALICE, BOB, "error", "an error"));
        leftovers.release(List.of(Stanzas.message(ALICE, BOB, "normal", "normal")), place());
        assertThat(rerouted).containsExactly("normal @place 1");
    }

    @Test
    void messagesOfTransportOutput_skipsEverythingElse() {
        XmlElement ack = XmlElement.builder("urn:xmpp:sm:3", "r").build();
        List<XmlElement> output = List.of(chat("one").element(), ack,
                Stanzas.presence(ALICE, BOB, null).element(), Stanzas.message(ALICE, BOB, "error", "e").element(),
                Stanzas.message(ALICE, BOB, "headline", "two").element());
        assertThat(Leftovers.messages(output, BOB)).extracting(s -> s.element().element("body").text())
                .containsExactly("one", "two");
    }

    @Test
    void reroutedMessages_stayCountedUntilTheServerHasTakenThem() {
        taken = new CompletableFuture<>();
        leftovers.add(chat("held"));
        assertThat(inFlight.inFlight()).isZero();
        leftovers.release(List.of(chat("unacked")), place());
        assertThat(inFlight.inFlight()).isEqualTo(2);
        leftovers.close();
        taken.complete(null);
        assertThat(inFlight.inFlight()).isZero();
    }
}
