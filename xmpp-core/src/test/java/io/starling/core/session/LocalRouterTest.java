package io.starling.core.session;

import static io.starling.core.testing.Stanzas.errorCondition;
import static io.starling.core.testing.Stanzas.iq;
import static io.starling.core.testing.Stanzas.message;
import static io.starling.core.testing.Stanzas.presence;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.starling.core.iq.IqDispatcher;
import io.starling.core.iq.PingHandler;
import io.starling.core.jid.Jid;
import io.starling.core.spi.DeliveryFallback;
import io.starling.core.spi.InboundGuard;
import io.starling.core.spi.RfcDeliveryFallback;
import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.testing.RecordingSession;
import io.starling.core.testing.Stanzas;
import io.starling.core.xml.XmlElement;

class LocalRouterTest {
    private final LocalSessionRegistry registry = new LocalSessionRegistry(5);
    private final Set<String> accounts = Set.of("alice", "bob", "carol");
    private final List<Stanza> fallbackTaken = new ArrayList<>();
    private final List<Jid> accountLookups = new ArrayList<>();
    private final List<Jid> guardAsked = new ArrayList<>();
    private CompletionStage<InboundGuard.Verdict> guardAnswer = InboundGuard.DELIVER;
    /** While non-null, the fallback answers this instead of RFC 6121's default. */
    private CompletionStage<RouteOutcome> fallbackAnswer;
    private LocalRouter router;
    private RecordingSession alice;

    @BeforeEach
    void setUp() {
        DeliveryFallback recordingFallback = message -> {
            fallbackTaken.add(message);
            return fallbackAnswer != null ? fallbackAnswer : new RfcDeliveryFallback().undeliverable(message);
        };
        router = new LocalRouter("example.com", registry,
                bare -> {
                    accountLookups.add(bare);
                    return CompletableFuture.completedFuture(accounts.contains(bare.local()));
                },
                new IqDispatcher(Map.of(PingHandler.KEY, new PingHandler())), recordingFallback,
                (recipient, stanza) -> {
                    guardAsked.add(recipient);
                    return "bob".equals(recipient.local()) ? guardAnswer : InboundGuard.DELIVER;
                });
        alice = bind("alice@example.com/phone", true, 0);
    }

    private RecordingSession bind(String jid, boolean available, int priority) {
        RecordingSession s = new RecordingSession(jid, available, priority);
        registry.bind(s);
        return s;
    }

    @Test
    void refusedByGuard_messageAndIqGetServiceUnavailable_presenceDropped() {
        RecordingSession bob = bind("bob@example.com/a", true, 0);
        guardAnswer = InboundGuard.REFUSE;
        router.route(message("alice@example.com/phone", "bob@example.com", "chat", "hi"));
        router.route(iq("alice@example.com/phone", "bob@example.com/a", "get",
                XmlElement.builder("urn:example", "q").build()));
        router.route(presence("alice@example.com/phone", "bob@example.com", null));
        assertThat(bob.delivered()).isEmpty();
        assertThat(fallbackTaken).isEmpty();
        assertThat(alice.delivered()).extracting(Stanzas::errorCondition)
                .containsExactly("service-unavailable", "service-unavailable");
    }

    @Test
    void guardAnsweringLater_deliversWhenItCompletes() {
        RecordingSession bob = bind("bob@example.com/a", true, 0);
        CompletableFuture<InboundGuard.Verdict> later = new CompletableFuture<>();
        guardAnswer = later;
        router.route(message("alice@example.com/phone", "bob@example.com", "chat", "hi"));
        assertThat(bob.delivered()).isEmpty();
        later.complete(InboundGuard.Verdict.DELIVER);
        assertThat(bob.delivered()).hasSize(1);
    }

    @Test
    void chatToBareJid_goesToHighestPriorityResources() {
        RecordingSession low = bind("bob@example.com/low", true, 1);
        RecordingSession high1 = bind("bob@example.com/high1", true, 5);
        RecordingSession high2 = bind("bob@example.com/high2", true, 5);
        router.route(message("alice@example.com/phone", "bob@example.com", "chat", "hi"));
        assertThat(low.delivered()).isEmpty();
        assertThat(high1.delivered()).hasSize(1);
        assertThat(high2.delivered()).hasSize(1);
    }

    @Test
    void chatToBareJid_skipsNegativePriorityAndUnavailable() {
        RecordingSession negative = bind("bob@example.com/neg", true, -1);
        RecordingSession unavailable = bind("bob@example.com/away", false, 0);
        router.route(message("alice@example.com/phone", "bob@example.com", "chat", "hi"));
        assertThat(negative.delivered()).isEmpty();
        assertThat(unavailable.delivered()).isEmpty();
        assertThat(fallbackTaken).hasSize(1);
        assertThat(errorCondition(alice.delivered().get(0))).isEqualTo("service-unavailable");
    }

    @Test
    void headlineToBareJid_goesToAllNonNegative() {
        RecordingSession a = bind("bob@example.com/a", true, 0);
        RecordingSession b = bind("bob@example.com/b", true, 3);
        router.route(message("alice@example.com/phone", "bob@example.com", "headline", "news"));
        assertThat(a.delivered()).hasSize(1);
        assertThat(b.delivered()).hasSize(1);
    }

    @Test
    void messageToFullJid_goesToThatResourceOnly() {
        RecordingSession a = bind("bob@example.com/a", true, 0);
        RecordingSession b = bind("bob@example.com/b", true, 9);
        router.route(message("alice@example.com/phone", "bob@example.com/a", "chat", "hi"));
        assertThat(a.delivered()).hasSize(1);
        assertThat(b.delivered()).isEmpty();
    }

    /**
     * RFC 6121 §8.5.3.2.1 row by row: a message to a full JID no session has, routed fresh or routed again as a
     * leftover of an ended session ({@link Router#rerouting}), while the member has another available resource and
     * while it has no session at all (the account exists). {@code normal} and untyped messages go the bare JID's
     * way like {@code chat} (our choice among the RFC's options); a headline asking to be stored (XEP-0334) does
     * only as a leftover.
     */
    @ParameterizedTest(name = "{0} [{1}] rerouted={2}: another resource -> {3}, no session -> {4}")
    @CsvSource({
            "chat,      ,               false, delivered,           stored",
            "chat,      ,               true,  delivered,           stored",
            "normal,    ,               false, delivered,           stored",
            "normal,    ,               true,  delivered,           stored",
            "none,      ,               false, delivered,           stored",
            "none,      ,               true,  delivered,           stored",
            "headline,  ,               false, dropped,             dropped",
            "headline,  ,               true,  dropped,             dropped",
            "headline,  store,          false, dropped,             dropped",
            "headline,  store,          true,  delivered,           stored",
            "headline,  store no-store, true,  dropped,             dropped",
            "groupchat, ,               false, service-unavailable, service-unavailable",
            "groupchat, store,          true,  service-unavailable, service-unavailable",
            "error,     ,               false, dropped,             dropped",
            "error,     ,               true,  dropped,             dropped",
    })
    void messageToGoneFullJid_followsTheTableRow(String type, String hints, boolean rerouted,
                                                 String withAnotherResource, String withoutSessions) {
        assertThat(toGoneResource(type, hints, rerouted, true)).as("another resource available")
                .isEqualTo(withAnotherResource);
        assertThat(toGoneResource(type, hints, rerouted, false)).as("no session").isEqualTo(withoutSessions);
    }

    /** What became of one message to bob@example.com/gone: delivered, stored, dropped, or the error condition. */
    private static String toGoneResource(String type, String hints, boolean rerouted, boolean anotherResource) {
        LocalSessionRegistry sessions = new LocalSessionRegistry(5);
        List<Stanza> stored = new ArrayList<>();
        LocalRouter r = new LocalRouter("example.com", sessions, bare -> CompletableFuture.completedFuture(true),
                new IqDispatcher(Map.of()), m -> {
                    stored.add(m);
                    return RouteOutcome.STORED.asStage();
                }, InboundGuard.ALLOW_ALL);
        RecordingSession sender = new RecordingSession("alice@example.com/phone", true, 0);
        sessions.bind(sender);
        RecordingSession other = new RecordingSession("bob@example.com/a", true, 0);
        if (anotherResource) {
            sessions.bind(other);
        }
        List<XmlElement> children = new ArrayList<>();
        children.add(XmlElement.builder(Namespaces.CLIENT, "body").text("x").build());
        if (hints != null) {
            for (String hint : hints.split(" ")) {
                children.add(XmlElement.builder(Namespaces.HINTS, hint).build());
            }
        }
        Stanza m = Stanza.build(Stanza.Kind.MESSAGE, Jid.parse("bob@example.com/gone"),
                Jid.parse("alice@example.com/phone"), "none".equals(type) ? null : type, "m1", children);
        if (rerouted) {
            Router.Rerouting place = r.rerouting(Jid.parse("bob@example.com/gone"));
            place.reroute(m);
            place.close();
        } else {
            assertThat(r.route(m)).isCompleted();
        }
        List<String> outcomes = new ArrayList<>();
        if (!other.delivered().isEmpty()) {
            outcomes.add("delivered");
        }
        if (!stored.isEmpty()) {
            outcomes.add("stored");
        }
        sender.delivered().forEach(e -> outcomes.add(errorCondition(e)));
        return outcomes.isEmpty() ? "dropped" : String.join("+", outcomes);
    }

    @Test
    void messageToOfflineMember_goesToFallback() {
        router.route(message("alice@example.com/phone", "carol@example.com", "chat", "later"));
        assertThat(fallbackTaken).extracting(Stanza::to).containsExactly(Jid.parse("carol@example.com"));
    }

    @Test
    void messageToUnknownMember_isServiceUnavailable() {
        router.route(message("alice@example.com/phone", "nobody@example.com", "chat", "hi"));
        assertThat(fallbackTaken).isEmpty();
        Stanza error = alice.delivered().get(0);
        assertThat(errorCondition(error)).isEqualTo("service-unavailable");
        assertThat(error.from()).isEqualTo(Jid.parse("nobody@example.com"));
    }

    @Test
    void messageToOtherDomain_isRemoteServerNotFound() {
        router.route(message("alice@example.com/phone", "x@elsewhere.net", "chat", "hi"));
        assertThat(errorCondition(alice.delivered().get(0))).isEqualTo("remote-server-not-found");
    }

    @Test
    void errorStanza_isNeverAnsweredWithAnError() {
        router.route(message("alice@example.com/phone", "nobody@example.com", "error", "x"));
        router.route(message("alice@example.com/phone", "x@elsewhere.net", "error", "x"));
        assertThat(alice.delivered()).isEmpty();
    }

    @Test
    void groupchatToBareJid_isServiceUnavailable() {
        bind("bob@example.com/a", true, 0);
        router.route(message("alice@example.com/phone", "bob@example.com", "groupchat", "x"));
        assertThat(errorCondition(alice.delivered().get(0))).isEqualTo("service-unavailable");
    }

    @Test
    void pingToServer_isAnswered() {
        router.route(iq("alice@example.com/phone", "example.com", "get",
                XmlElement.builder(Namespaces.PING, "ping").build()));
        Stanza result = alice.delivered().get(0);
        assertThat(result.type()).isEqualTo("result");
        assertThat(result.id()).isEqualTo("q1");
        assertThat(result.from()).isEqualTo(Jid.parse("example.com"));
    }

    @Test
    void unknownIqToServer_isServiceUnavailable() {
        router.route(iq("alice@example.com/phone", "example.com", "get",
                XmlElement.builder("urn:example:nothing", "query").build()));
        assertThat(errorCondition(alice.delivered().get(0))).isEqualTo("service-unavailable");
    }

    @Test
    void iqWithoutPayload_isBadRequest() {
        router.route(iq("alice@example.com/phone", "example.com", "get", null));
        assertThat(errorCondition(alice.delivered().get(0))).isEqualTo("bad-request");
    }

    @Test
    void iqToUnavailableFullJid_isServiceUnavailable() {
        router.route(iq("alice@example.com/phone", "bob@example.com/none", "get",
                XmlElement.builder(Namespaces.PING, "ping").build()));
        assertThat(errorCondition(alice.delivered().get(0))).isEqualTo("service-unavailable");
    }

    @Test
    void iqResultToServer_isDroppedSilently() {
        router.route(iq("alice@example.com/phone", "example.com", "result", null));
        assertThat(alice.delivered()).isEmpty();
    }

    @Test
    void presenceToBareJid_goesToAllAvailableResources() {
        RecordingSession a = bind("bob@example.com/a", true, -5);
        RecordingSession b = bind("bob@example.com/b", true, 2);
        RecordingSession c = bind("bob@example.com/c", false, 0);
        router.route(presence("alice@example.com/phone", "bob@example.com", null));
        assertThat(a.delivered()).hasSize(1);
        assertThat(b.delivered()).hasSize(1);
        assertThat(c.delivered()).isEmpty();
    }

    @Test
    void presenceToMemberWithoutSessions_isDroppedWithoutGuardOrAccountLookup() {
        router.route(presence("alice@example.com/phone", "carol@example.com", null));
        router.route(presence("alice@example.com/phone", "carol@example.com/gone", "unavailable"));
        router.route(presence("alice@example.com/phone", "nobody@example.com", null));
        assertThat(accountLookups).isEmpty();
        assertThat(guardAsked).isEmpty();
        assertThat(alice.delivered()).isEmpty();
        assertThat(fallbackTaken).isEmpty();
    }

    @Test
    void messageToOfflineMember_stillLooksUpTheAccount() {
        router.route(message("alice@example.com/phone", "carol@example.com", "chat", "later"));
        assertThat(guardAsked).contains(Jid.parse("carol@example.com"));
        assertThat(accountLookups).contains(Jid.parse("carol@example.com"));
    }

    @Test
    void messageWithoutTo_goesToSendersOwnAccount() {
        RecordingSession other = bind("alice@example.com/laptop", true, 1);
        router.route(message("alice@example.com/phone", null, "chat", "note to self"));
        assertThat(other.delivered()).hasSize(1);
    }

    @Test
    void accountLookupsFinishingOutOfOrder_messagesReachTheFallbackInSendingOrder() {
        List<CompletableFuture<Boolean>> lookups = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        LocalRouter slow = new LocalRouter("example.com", registry, bare -> {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            lookups.add(f);
            return f;
        }, new IqDispatcher(Map.of()), message -> {
            stored.add(message.element().element("body").text());
            CompletableFuture<Void> commit = new CompletableFuture<>();
            commits.add(commit);
            return commit.thenApply(v -> RouteOutcome.STORED);
        }, InboundGuard.ALLOW_ALL);
        List<CompletableFuture<Void>> routed = new ArrayList<>();
        for (String body : List.of("1", "2", "3")) {
            routed.add(slow.route(message("alice@example.com/phone", "carol@example.com", "chat", body))
                    .toCompletableFuture());
        }
        // Only the first lookup is under way; the others wait for its decision.
        assertThat(lookups).hasSize(1);
        lookups.get(0).complete(true);
        assertThat(stored).containsExactly("1");
        assertThat(lookups).hasSize(2);
        lookups.get(1).complete(true);
        lookups.get(2).complete(true);
        // Handed to the fallback in order, without waiting for the first commit: storage may batch them.
        assertThat(stored).containsExactly("1", "2", "3");
        assertThat(routed).noneMatch(CompletableFuture::isDone);
        commits.forEach(c -> c.complete(null));
        assertThat(routed).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void endedSessionsPlace_leftoversEnterStorageOneAtATime_andNothingRoutedMeanwhileOvertakesThem() {
        List<String> stored = new ArrayList<>();
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        LocalRouter storing = new LocalRouter("example.com", registry, bare -> CompletableFuture.completedFuture(true),
                new IqDispatcher(Map.of()), message -> {
                    stored.add(message.element().element("body").text());
                    CompletableFuture<Void> commit = new CompletableFuture<>();
                    commits.add(commit);
                    return commit.thenApply(v -> RouteOutcome.STORED);
                }, InboundGuard.ALLOW_ALL);
        Router.Rerouting place = storing.rerouting(Jid.parse("carol@example.com/gone"));
        // Another sender's message routed after the place was taken, before the session handed anything in.
        CompletableFuture<Void> fresh = storing.route(message("bob@example.com/pc", "carol@example.com/gone", "chat",
                "fresh")).toCompletableFuture();
        place.reroute(message("alice@example.com/phone", "carol@example.com/gone", "chat", "left 1"));
        place.reroute(message("alice@example.com/phone", "carol@example.com/gone", "chat", "left 2"));
        assertThat(stored).containsExactly("left 1");
        commits.get(0).complete(null);
        assertThat(stored).containsExactly("left 1", "left 2");
        // A delivery queued on the session's loop before the unbinding, handed in after the others.
        place.reroute(message("alice@example.com/phone", "carol@example.com/gone", "chat", "left 3"));
        commits.get(1).complete(null);
        assertThat(stored).containsExactly("left 1", "left 2", "left 3");
        commits.get(2).complete(null);
        assertThat(stored).as("waits for the place to close").containsExactly("left 1", "left 2", "left 3");
        place.close();
        assertThat(stored).containsExactly("left 1", "left 2", "left 3", "fresh");
        commits.get(3).complete(null);
        assertThat(fresh).isCompleted();
    }

    @Test
    void guardAnsweringLaterForTheFirstStanza_laterStanzasWaitBehindIt() {
        RecordingSession bob = bind("bob@example.com/a", true, 0);
        CompletableFuture<InboundGuard.Verdict> later = new CompletableFuture<>();
        guardAnswer = later;
        router.route(message("alice@example.com/phone", "bob@example.com", "chat", "first"));
        guardAnswer = InboundGuard.DELIVER;
        router.route(message("alice@example.com/phone", "bob@example.com", "chat", "second"));
        router.route(message("alice@example.com/phone", "bob@example.com/a", "chat", "third"));
        assertThat(bob.delivered()).isEmpty();
        later.complete(InboundGuard.Verdict.DELIVER);
        assertThat(bob.delivered()).extracting(m -> m.element().element("body").text())
                .containsExactly("first", "second", "third");
        // Nothing pending any more: the next one is decided at once.
        assertThat(router.route(message("alice@example.com/phone", "bob@example.com", "chat", "fourth"))
                .toCompletableFuture()).isDone();
    }

    @Test
    void pendingStanzaToOneMember_doesNotHoldUpAnother() {
        RecordingSession bob = bind("bob@example.com/a", true, 0);
        RecordingSession carol = bind("carol@example.com/a", true, 0);
        guardAnswer = new CompletableFuture<>(); // bob's guard never answers
        router.route(message("alice@example.com/phone", "bob@example.com", "chat", "held"));
        router.route(message("alice@example.com/phone", "carol@example.com", "chat", "free"));
        assertThat(bob.delivered()).isEmpty();
        assertThat(carol.delivered()).hasSize(1);
    }

    @Test
    void memberWithOnlyUnavailableSessions_laterStanzasWaitForTheStore() {
        RecordingSession logging = bind("carol@example.com/in", false, 0); // bound, no initial presence yet
        List<String> stored = new ArrayList<>();
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        LocalRouter storing = new LocalRouter("example.com", registry, bare -> CompletableFuture.completedFuture(true),
                new IqDispatcher(Map.of()), message -> {
                    stored.add(message.element().element("body").text());
                    CompletableFuture<Void> commit = new CompletableFuture<>();
                    commits.add(commit);
                    return commit.thenApply(v -> RouteOutcome.STORED);
                }, InboundGuard.ALLOW_ALL);
        storing.route(message("alice@example.com/phone", "carol@example.com", "chat", "stored"));
        storing.route(message("alice@example.com/phone", "carol@example.com", "chat", "next"));
        assertThat(stored).containsExactly("stored");
        // The session becomes available before the first commit: the next message goes to it, after the commit.
        logging.presence(new PresenceState(true, 0));
        assertThat(logging.delivered()).isEmpty();
        commits.get(0).complete(null);
        assertThat(logging.delivered()).extracting(m -> m.element().element("body").text()).containsExactly("next");
    }

    @Test
    void fallbackNotAdmitting_messageIsRefusedResourceConstraintWithoutAccountLookup() {
        List<Jid> lookups = new ArrayList<>();
        LocalRouter full = new LocalRouter("example.com", registry, bare -> {
            lookups.add(bare);
            return CompletableFuture.completedFuture(true);
        }, new IqDispatcher(Map.of()), new DeliveryFallback() {
            @Override
            public CompletionStage<RouteOutcome> undeliverable(Stanza message) {
                throw new AssertionError("not admitted, so never handed over");
            }

            @Override
            public boolean admits(Stanza message) {
                return false;
            }
        }, InboundGuard.ALLOW_ALL);
        full.route(message("alice@example.com/phone", "carol@example.com", "chat", "too many"));
        assertThat(lookups).isEmpty();
        assertThat(alice.delivered()).extracting(Stanzas::errorCondition).containsExactly("resource-constraint");
    }

    @Test
    void reporting_availableRecipient_delivered() {
        RecordingSession bob = bind("bob@example.com/a", true, 0);
        assertThat(reported(message("alice@example.com/phone", "bob@example.com", "headline", "hi")))
                .isSameAs(RouteOutcome.DELIVERED);
        assertThat(bob.delivered()).hasSize(1);
    }

    @Test
    void reporting_offlineRecipient_storedOnceTheFallbackCommits() {
        CompletableFuture<RouteOutcome> commit = new CompletableFuture<>();
        fallbackAnswer = commit;
        CompletableFuture<RouteOutcome> outcome = router.routeReporting(
                message("alice@example.com/phone", "carol@example.com", "chat", "later")).toCompletableFuture();
        assertThat(outcome).isNotDone();
        commit.complete(RouteOutcome.STORED);
        assertThat(outcome.join()).isSameAs(RouteOutcome.STORED);
    }

    @Test
    void reporting_fallbackRefuses_theConditionIsReportedAndNoErrorIsSent() {
        CompletableFuture<RouteOutcome> commit = new CompletableFuture<>();
        fallbackAnswer = commit;
        CompletableFuture<RouteOutcome> outcome = router.routeReporting(
                message("alice@example.com/phone", "carol@example.com", "chat", "quota full")).toCompletableFuture();
        commit.complete(RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE));
        assertThat(outcome.join()).isSameAs(RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE));
        assertThat(alice.delivered()).isEmpty();
    }

    @Test
    void routing_fallbackRefuses_theSenderIsAnswered() {
        fallbackAnswer = RouteOutcome.refused(StanzaErrorCondition.RESOURCE_CONSTRAINT).asStage();
        assertThat(router.route(message("alice@example.com/phone", "carol@example.com", "chat", "busy")))
                .isCompleted();
        assertThat(alice.delivered()).extracting(Stanzas::errorCondition).containsExactly("resource-constraint");
    }

    @Test
    void reporting_recipientBlocksTheSender_refusedServiceUnavailableWithoutAnError() {
        bind("bob@example.com/a", true, 0);
        guardAnswer = InboundGuard.REFUSE;
        assertThat(reported(message("alice@example.com/phone", "bob@example.com", "chat", "hi")))
                .isSameAs(RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE));
        assertThat(alice.delivered()).isEmpty();
    }

    @Test
    void reporting_headlineToOfflineMemberWithoutStorage_dropped() {
        assertThat(reported(message("alice@example.com/phone", "carol@example.com", "headline", "now")))
                .isSameAs(RouteOutcome.DROPPED);
        assertThat(reported(message("alice@example.com/phone", "carol@example.com", "chat", "now")))
                .isSameAs(RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE));
        assertThat(alice.delivered()).isEmpty();
    }

    @Test
    void reporting_groupchatAndFailingFallback_refused() {
        bind("bob@example.com/a", true, 0);
        assertThat(reported(message("alice@example.com/phone", "bob@example.com", "groupchat", "room")))
                .isSameAs(RouteOutcome.refused(StanzaErrorCondition.SERVICE_UNAVAILABLE));
        fallbackAnswer = CompletableFuture.failedFuture(new IllegalStateException("test: storage down"));
        assertThat(reported(message("alice@example.com/phone", "carol@example.com", "chat", "lost?")))
                .isSameAs(RouteOutcome.refused(StanzaErrorCondition.INTERNAL_SERVER_ERROR));
        assertThat(alice.delivered()).isEmpty();
    }

    @Test
    void reporting_storageNotAdmitting_refusedResourceConstraint() {
        LocalRouter full = new LocalRouter("example.com", registry, bare -> CompletableFuture.completedFuture(true),
                new IqDispatcher(Map.of()), new DeliveryFallback() {
                    @Override
                    public CompletionStage<RouteOutcome> undeliverable(Stanza message) {
                        throw new AssertionError("not admitted, so never handed over");
                    }

                    @Override
                    public boolean admits(Stanza message) {
                        return false;
                    }
                }, InboundGuard.ALLOW_ALL);
        assertThat(full.routeReporting(message("alice@example.com/phone", "carol@example.com", "chat", "x"))
                .toCompletableFuture().join()).isSameAs(RouteOutcome.refused(StanzaErrorCondition.RESOURCE_CONSTRAINT));
        assertThat(alice.delivered()).isEmpty();
    }

    @Test
    void routing_deliveredOrDropped_answersTheSharedCompletedStage() {
        bind("bob@example.com/a", true, 0);
        assertThat(router.route(message("alice@example.com/phone", "bob@example.com", "chat", "hi")))
                .isSameAs(Router.DONE);
        assertThat(router.routeReporting(message("alice@example.com/phone", "bob@example.com", "chat", "hi")))
                .isSameAs(RouteOutcome.DELIVERED.asStage());
    }

    /** The outcome of a reported route that is decided at once. */
    private RouteOutcome reported(Stanza stanza) {
        CompletableFuture<RouteOutcome> outcome = router.routeReporting(stanza).toCompletableFuture();
        assertThat(outcome).isDone();
        return outcome.join();
    }
}
