package io.starling.presence.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.starling.core.jid.Jid;
import io.starling.core.store.Database;
import io.starling.core.testing.TestDatabase;
import io.starling.presence.store.PresenceStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresRosterRepositoryIT {
    private static final Jid JULIET = Jid.parse("juliet@example.com");
    private static final Jid ROMEO = Jid.parse("romeo@example.net");
    private static final Jid NURSE = Jid.parse("nurse@example.com");

    private final Database db = TestDatabase.open("classpath:db/migration/presence");
    private final PostgresRosterRepository roster = new PostgresRosterRepository(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    private static RosterItem item(Jid contact, String name, Set<String> groups, SubscriptionState state) {
        return new RosterItem(contact, name, groups, state, false, true);
    }

    @Test
    void neverWritten_emptyAtVersionZero() {
        assertThat(roster.load(JULIET)).isEqualTo(new RosterRepository.Snapshot(Map.of(), 0));
    }

    @Test
    void everySubscriptionState_roundTrips() {
        for (SubscriptionState state : SubscriptionState.values()) {
            Jid contact = Jid.parse(state.name().toLowerCase(Locale.ROOT) + "@example.org");
            roster.save(JULIET, new RosterItem(contact, state.name(), Set.of("g"), state,
                    state.ordinal() % 2 == 0, state.ordinal() % 3 != 0));
        }
        RosterRepository.Snapshot snapshot = roster.load(JULIET);
        assertThat(snapshot.items()).hasSize(SubscriptionState.values().length);
        for (SubscriptionState state : SubscriptionState.values()) {
            Jid contact = Jid.parse(state.name().toLowerCase(Locale.ROOT) + "@example.org");
            assertThat(snapshot.items().get(contact)).isEqualTo(new RosterItem(contact, state.name(), Set.of("g"),
                    state, state.ordinal() % 2 == 0, state.ordinal() % 3 != 0));
        }
    }

    @Test
    void namesWithEmojiAndQuotes_roundTrip() {
        RosterItem odd = item(ROMEO, "Rom\u00e9o \ud83c\udf39 \"the\" 'Montague'; DROP TABLE roster_items; --\\",
                Set.of("\ud83d\udc95 l'amour", "\"quoted\"", "{braces,comma}", "back\\slash", "NULL"),
                SubscriptionState.BOTH);
        RosterItem unnamed = item(NURSE, null, Set.of(), SubscriptionState.FROM);
        roster.save(JULIET, odd);
        roster.save(JULIET, unnamed);

        assertThat(roster.load(JULIET).items()).containsOnly(Map.entry(ROMEO, odd), Map.entry(NURSE, unnamed));
    }

    @Test
    void groups_emptyAndSeveral_roundTrip() {
        RosterItem none = item(ROMEO, "Romeo", Set.of(), SubscriptionState.TO);
        RosterItem several = item(NURSE, "Nurse", Set.of("Family", "Friends", "Verona", "family"),
                SubscriptionState.TO);
        roster.save(JULIET, none);
        roster.save(JULIET, several);

        Map<Jid, RosterItem> items = roster.load(JULIET).items();
        assertThat(items.get(ROMEO).groups()).isEmpty();
        assertThat(items.get(NURSE).groups()).containsExactlyInAnyOrder("Family", "Friends", "Verona", "family");
    }

    @Test
    void save_replacesExistingItem() {
        roster.save(JULIET, item(ROMEO, "Romeo", Set.of("Friends", "Verona"), SubscriptionState.NONE_PENDING_OUT));
        RosterItem replaced = new RosterItem(ROMEO, null, Set.of("Lovers"), SubscriptionState.BOTH, true, true);
        roster.save(JULIET, replaced);

        assertThat(roster.load(JULIET).items()).containsExactly(Map.entry(ROMEO, replaced));
    }

    @Test
    void eachWrite_bumpsVersion_survivesReload() {
        assertThat(roster.save(JULIET, item(ROMEO, "Romeo", Set.of(), SubscriptionState.NONE))).isEqualTo(1);
        assertThat(roster.save(JULIET, item(ROMEO, "Romeo", Set.of(), SubscriptionState.TO))).isEqualTo(2);
        assertThat(roster.save(JULIET, item(NURSE, "Nurse", Set.of(), SubscriptionState.FROM))).isEqualTo(3);
        assertThat(roster.delete(JULIET, NURSE)).isEqualTo(4);

        RosterRepository.Snapshot reloaded = new PostgresRosterRepository(db.dataSource()).load(JULIET);
        assertThat(reloaded.version()).isEqualTo(4);
        assertThat(reloaded.items()).containsOnlyKeys(ROMEO);
    }

    @Test
    void deleteAbsentItem_bumpsVersion() {
        roster.save(JULIET, item(ROMEO, "Romeo", Set.of(), SubscriptionState.BOTH));

        assertThat(roster.delete(JULIET, NURSE)).isEqualTo(2);
        assertThat(roster.delete(NURSE, JULIET)).isEqualTo(1);
        assertThat(roster.load(JULIET).items()).containsOnlyKeys(ROMEO);
        assertThat(roster.load(NURSE)).isEqualTo(new RosterRepository.Snapshot(Map.of(), 1));
    }

    @Test
    void unlistedItem_loadedAsUnlisted() {
        RosterItem pendingIn = RosterItem.absent(ROMEO).withState(SubscriptionState.NONE_PENDING_IN);
        roster.save(JULIET, pendingIn);

        RosterItem loaded = roster.load(JULIET).items().get(ROMEO);
        assertThat(loaded).isEqualTo(pendingIn);
        assertThat(loaded.listed()).isFalse();
    }

    @Test
    void deleteAll_removesOwnersItems_versionKeepsGrowing_othersUntouched() {
        roster.save(JULIET, item(ROMEO, "Romeo", Set.of(), SubscriptionState.BOTH));
        roster.save(JULIET, item(NURSE, "Nurse", Set.of(), SubscriptionState.BOTH));
        roster.save(ROMEO, item(JULIET, "Juliet", Set.of(), SubscriptionState.BOTH));

        roster.deleteAll(JULIET);

        assertThat(roster.load(JULIET)).isEqualTo(new RosterRepository.Snapshot(Map.of(), 3));
        assertThat(roster.save(JULIET, item(ROMEO, "Romeo", Set.of(), SubscriptionState.NONE))).isEqualTo(4);
        assertThat(roster.load(ROMEO).items()).containsOnlyKeys(JULIET);
        assertThat(roster.load(ROMEO).version()).isEqualTo(1);
    }

    @Test
    void emptyGroupName_throws_nothingWrittenVersionKept() {
        roster.save(JULIET, item(ROMEO, "Romeo", Set.of("Friends"), SubscriptionState.BOTH));

        assertThatThrownBy(() -> roster.save(JULIET, item(NURSE, "Nurse", Set.of("", "x"), SubscriptionState.TO)))
                .isInstanceOf(PresenceStoreException.class).hasMessageContaining("roster save");

        assertThat(roster.load(JULIET).version()).isEqualTo(1);
        assertThat(roster.load(JULIET).items()).containsOnlyKeys(ROMEO);
    }

    @Test
    void nulCharacterInName_throws_existingItemKept() {
        RosterItem kept = item(ROMEO, "Romeo", Set.of(), SubscriptionState.BOTH);
        roster.save(JULIET, kept);

        assertThatThrownBy(() -> roster.save(JULIET, item(ROMEO, "Ro\u0000meo", Set.of(), SubscriptionState.NONE)))
                .isInstanceOf(PresenceStoreException.class);

        assertThat(roster.load(JULIET)).isEqualTo(new RosterRepository.Snapshot(Map.of(ROMEO, kept), 1));
    }

    @Test
    void unreadableStoredRow_loadThrows() throws Exception {
        execute("INSERT INTO roster_items (owner, contact, groups, state, approved, listed) "
                + "VALUES ('juliet@example.com', 'a@b@example.com', '{}', 'BOTH', false, true)");

        assertThatThrownBy(() -> roster.load(JULIET)).isInstanceOf(PresenceStoreException.class)
                .hasMessageContaining("a@b@example.com");
    }

    @Test
    void unknownStoredState_rejectedByDatabase() {
        assertThatThrownBy(() -> execute("INSERT INTO roster_items (owner, contact, state, approved, listed) "
                + "VALUES ('juliet@example.com', 'romeo@example.net', 'SOMETIMES', false, true)"))
                .hasMessageContaining("roster_items_state_check");
    }

    @Test
    void fullJidOwnerOrContact_rejected() {
        Jid full = JULIET.withResource("balcony");
        assertThatThrownBy(() -> roster.load(full)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> roster.delete(JULIET, ROMEO.withResource("orchard")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(roster.load(JULIET).version()).isZero();
    }

    @Test
    void databaseClosed_throwsPresenceStoreException() {
        db.close();
        assertThatThrownBy(() -> roster.load(JULIET)).isInstanceOf(PresenceStoreException.class);
        assertThatThrownBy(() -> roster.save(JULIET, item(ROMEO, null, Set.of(), SubscriptionState.NONE)))
                .isInstanceOf(PresenceStoreException.class);
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
