package io.starling.presence.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import io.starling.core.jid.Jid;
import io.starling.core.store.Database;
import io.starling.core.testing.TestDatabase;
import io.starling.presence.store.PresenceStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresBlockListRepositoryIT {
    private static final Jid JULIET = Jid.parse("juliet@example.com");
    private static final Jid ROMEO = Jid.parse("romeo@example.net");
    private static final Jid TYBALT = Jid.parse("tybalt@example.com");
    private static final Jid TYBALT_SWORD = Jid.parse("tybalt@example.com/sword \ud83d\udde1 'en garde'");
    private static final Jid SPAM = Jid.domain("spam.example");
    private static final Jid SPAM_BOT = Jid.parse("spam.example/bot");

    private final Database db = TestDatabase.open("classpath:db/migration/presence");
    private final PostgresBlockListRepository blocks = new PostgresBlockListRepository(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void neverWritten_empty() {
        assertThat(blocks.load(JULIET)).isEmpty();
    }

    @Test
    void fullBareAndDomainEntries_roundTrip() {
        blocks.add(JULIET, List.of(TYBALT, TYBALT_SWORD, SPAM, SPAM_BOT));

        assertThat(blocks.load(JULIET)).containsExactlyInAnyOrder(TYBALT, TYBALT_SWORD, SPAM, SPAM_BOT);
    }

    @Test
    void add_duplicatesIgnored() {
        blocks.add(JULIET, List.of(TYBALT, TYBALT, SPAM));
        blocks.add(JULIET, List.of(SPAM, TYBALT_SWORD));
        blocks.add(JULIET, List.of());

        assertThat(blocks.load(JULIET)).containsExactlyInAnyOrder(TYBALT, SPAM, TYBALT_SWORD);
        assertThat(count("SELECT count(*) FROM block_list")).isEqualTo(3);
    }

    @Test
    void remove_removesOnlyThose_absentIgnored() {
        blocks.add(JULIET, List.of(TYBALT, TYBALT_SWORD, SPAM));

        blocks.remove(JULIET, List.of(TYBALT_SWORD, SPAM, SPAM_BOT, ROMEO));
        blocks.remove(JULIET, List.of());

        assertThat(blocks.load(JULIET)).containsExactly(TYBALT);
    }

    @Test
    void clear_emptiesOnlyThatOwner() {
        blocks.add(JULIET, List.of(TYBALT, SPAM));
        blocks.add(ROMEO, List.of(TYBALT));

        blocks.clear(JULIET);
        blocks.clear(TYBALT); // never written

        assertThat(blocks.load(JULIET)).isEmpty();
        assertThat(blocks.load(ROMEO)).containsExactly(TYBALT);
    }

    @Test
    void twoOwners_isolated() {
        blocks.add(JULIET, List.of(TYBALT, SPAM));
        blocks.add(ROMEO, List.of(TYBALT, SPAM_BOT));

        blocks.remove(ROMEO, List.of(TYBALT));

        assertThat(blocks.load(JULIET)).containsExactlyInAnyOrder(TYBALT, SPAM);
        assertThat(blocks.load(ROMEO)).containsExactly(SPAM_BOT);
    }

    @Test
    void oneEntryRejected_wholeBatchRolledBack() throws Exception {
        blocks.add(JULIET, List.of(TYBALT));
        execute("ALTER TABLE block_list ADD CONSTRAINT no_spam CHECK (blocked <> 'spam.example')");

        assertThatThrownBy(() -> blocks.add(JULIET, List.of(ROMEO, SPAM, TYBALT_SWORD)))
                .isInstanceOf(PresenceStoreException.class).hasMessageContaining("block list add");

        assertThat(blocks.load(JULIET)).containsExactly(TYBALT);
    }

    @Test
    void unreadableStoredEntry_loadThrows() throws Exception {
        execute("INSERT INTO block_list (owner, blocked) VALUES ('juliet@example.com', 'a@b@example.com')");

        assertThatThrownBy(() -> blocks.load(JULIET)).isInstanceOf(PresenceStoreException.class)
                .hasMessageContaining("a@b@example.com");
    }

    @Test
    void fullJidOwner_rejected() {
        assertThatThrownBy(() -> blocks.add(JULIET.withResource("balcony"), List.of(TYBALT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(count("SELECT count(*) FROM block_list")).isZero();
    }

    @Test
    void databaseClosed_throwsPresenceStoreException() {
        db.close();
        assertThatThrownBy(() -> blocks.load(JULIET)).isInstanceOf(PresenceStoreException.class);
        assertThatThrownBy(() -> blocks.add(JULIET, Set.of(TYBALT))).isInstanceOf(PresenceStoreException.class);
        assertThatThrownBy(() -> blocks.clear(JULIET)).isInstanceOf(PresenceStoreException.class);
    }

    private long count(String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
