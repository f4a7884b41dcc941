package io.starling.presence.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.store.Database;
import io.starling.core.testing.TestDatabase;
import io.starling.presence.roster.SubscriptionRequestRepository.StoredRequest;

/** Kept subscription requests (migration presence V2): whole text and time round-trip, one per requester. */
class PostgresSubscriptionRequestRepositoryIT {
    private static final Jid JULIET = Jid.parse("juliet@example.com");
    private static final Jid ROMEO = Jid.parse("romeo@example.net");
    private static final Jid NURSE = Jid.parse("nurse@example.com");
    private static final Instant T = Instant.parse("2026-03-01T12:00:00.123Z");
    private static final String REQUEST = "<presence from='romeo@example.net' to='juliet@example.com' type='subscribe'>"
            + "<status>Wherefore art thou? 🌹</status><nick xmlns='http://jabber.org/protocol/nick'>Romeo</nick>"
            + "</presence>";

    private final Database db = TestDatabase.open("classpath:db/migration/presence");
    private final PostgresSubscriptionRequestRepository requests =
            new PostgresSubscriptionRequestRepository(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void neverWritten_empty() {
        assertThat(requests.load(JULIET)).isEmpty();
    }

    @Test
    void saved_roundTripsWholeStanzaAndTime_perOwner() {
        requests.save(JULIET, ROMEO, new StoredRequest(REQUEST, T));

        assertThat(requests.load(JULIET)).isEqualTo(Map.of(ROMEO, new StoredRequest(REQUEST, T)));
        assertThat(requests.load(ROMEO)).isEmpty();
    }

    @Test
    void savedAgain_replacesTheEarlierRequest() {
        requests.save(JULIET, ROMEO, new StoredRequest("<presence type='subscribe'/>", T));
        requests.save(JULIET, ROMEO, new StoredRequest(REQUEST, T.plusSeconds(60)));
        requests.save(JULIET, NURSE, new StoredRequest("<presence type='subscribe'/>", T));

        assertThat(requests.load(JULIET)).containsEntry(ROMEO, new StoredRequest(REQUEST, T.plusSeconds(60)))
                .hasSize(2);
    }

    @Test
    void delete_forgetsOneRequester_absentIgnored() {
        requests.save(JULIET, ROMEO, new StoredRequest(REQUEST, T));
        requests.save(JULIET, NURSE, new StoredRequest(REQUEST, T));

        requests.delete(JULIET, ROMEO);
        requests.delete(JULIET, ROMEO);

        assertThat(requests.load(JULIET)).containsOnlyKeys(NURSE);
    }

    @Test
    void fullJids_refused() {
        assertThatThrownBy(() -> requests.save(JULIET, Jid.parse("romeo@example.net/orchard"),
                new StoredRequest(REQUEST, T))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> requests.load(Jid.parse("juliet@example.com/balcony")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
