package io.starling.presence.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.starling.core.jid.Jid;
import io.starling.core.store.Database;
import io.starling.core.testing.TestDatabase;
import io.starling.presence.block.PostgresBlockListRepository;
import io.starling.presence.roster.PostgresRosterRepository;
import io.starling.presence.roster.RosterItem;
import io.starling.presence.roster.RosterRepository;
import io.starling.presence.roster.SubscriptionState;
import io.starling.presence.store.PresenceStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresMemberRepositoryIT {
    private static final Jid JULIET = Jid.parse("juliet@example.com");
    private static final Jid ROMEO = Jid.parse("romeo@example.net");
    private static final Jid NURSE = Jid.parse("nurse@example.com");
    private static final Jid TYBALT_SWORD = Jid.parse("tybalt@example.com/sword");
    private static final Jid SPAM = Jid.domain("spam.example");

    private final Database db = TestDatabase.open("classpath:db/migration/presence");
    private final PostgresRosterRepository rosters = new PostgresRosterRepository(db.dataSource());
    private final PostgresBlockListRepository blocks = new PostgresBlockListRepository(db.dataSource());
    private final PostgresMemberRepository members = new PostgresMemberRepository(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void neverWritten_emptyRosterAtVersionZeroAndNoBlocks() {
        assertThat(members.load(JULIET)).isEqualTo(
                new MemberRepository.Loaded(new RosterRepository.Snapshot(Map.of(), 0), Set.of()));
    }

    @Test
    void rosterAndBlockList_readTogether_sameAsTheirOwnRepositories() {
        rosters.save(JULIET, new RosterItem(ROMEO, "Romeo", Set.of("Friends", "Verona"), SubscriptionState.BOTH,
                false, true));
        rosters.save(JULIET, new RosterItem(NURSE, null, Set.of(), SubscriptionState.NONE_PENDING_IN, true, false));
        blocks.add(JULIET, List.of(TYBALT_SWORD, SPAM));
        rosters.save(ROMEO, RosterItem.absent(JULIET));
        blocks.add(ROMEO, List.of(NURSE));

        MemberRepository.Loaded loaded = members.load(JULIET);

        assertThat(loaded.roster()).isEqualTo(rosters.load(JULIET));
        assertThat(loaded.roster().version()).isEqualTo(2);
        assertThat(loaded.blocked()).containsExactlyInAnyOrder(TYBALT_SWORD, SPAM);
    }

    @Test
    void blocksWithoutRoster_andAnEmptiedRosterKeepsItsVersion() {
        blocks.add(JULIET, List.of(SPAM));
        assertThat(members.load(JULIET).roster()).isEqualTo(new RosterRepository.Snapshot(Map.of(), 0));
        assertThat(members.load(JULIET).blocked()).containsExactly(SPAM);

        rosters.save(JULIET, RosterItem.absent(ROMEO));
        rosters.deleteAll(JULIET);
        assertThat(members.load(JULIET).roster()).isEqualTo(new RosterRepository.Snapshot(Map.of(), 2));
    }

    @Test
    void aStoredEntryThatNoLongerParses_fails() throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO block_list (owner, blocked) VALUES ('juliet@example.com', 'a@b@example.com')");
        }
        assertThatThrownBy(() -> members.load(JULIET)).isInstanceOf(PresenceStoreException.class)
                .hasMessageContaining("a@b@example.com");
    }

    @Test
    void aFullJid_isRefused() {
        assertThatThrownBy(() -> members.load(Jid.parse("juliet@example.com/balcony")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
