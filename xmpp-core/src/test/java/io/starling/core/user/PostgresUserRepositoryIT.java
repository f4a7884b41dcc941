package io.starling.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;

import io.starling.core.config.DatabaseConfig;
import io.starling.core.store.Database;
import io.starling.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresUserRepositoryIT {
    private static final String CORE = "classpath:db/migration/core";
    private static final String PASSWORD = "s3cr3t-Passw0rd";

    private final Database db = TestDatabase.open(CORE);
    private final PostgresUserRepository users = new PostgresUserRepository(db.dataSource());

    @AfterEach
    void close() {
        db.close();
    }

    private static List<ScramCredentials> credentials(String password) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        return List.of(ScramCredentials.compute(ScramHash.SHA_256, password, salt, 4096),
                ScramCredentials.compute(ScramHash.SHA_1, password, salt, 4096));
    }

    @Test
    void create_existsListCredentials() {
        users.create("Juliet", credentials(PASSWORD));
        users.create("romeo", credentials("other"));

        assertThat(users.exists("juliet")).isTrue();
        assertThat(users.exists("JULIET")).isTrue();
        assertThat(users.exists("nurse")).isFalse();
        assertThat(users.list(10, 0)).containsExactly("juliet", "romeo");
        assertThat(users.list(1, 1)).containsExactly("romeo");
        assertThat(users.count()).isEqualTo(2);
        assertThat(users.credentials("juliet", ScramHash.SHA_256)).hasValueSatisfying(c -> {
            assertThat(c.iterations()).isEqualTo(4096);
            assertThat(c.matches(PASSWORD)).isTrue();
        });
        assertThat(users.credentials("juliet", ScramHash.SHA_1)).hasValueSatisfying(
                c -> assertThat(c.matches(PASSWORD)).isTrue());
        assertThat(users.credentials("nurse", ScramHash.SHA_1)).isEmpty();
    }

    @Test
    void duplicateCreate_userExists_firstCredentialsKept() {
        users.create("juliet", credentials(PASSWORD));
        assertThatThrownBy(() -> users.create("JULIET", credentials("other")))
                .isInstanceOf(UserExistsException.class);
        assertThat(users.credentials("juliet", ScramHash.SHA_256).orElseThrow().matches(PASSWORD)).isTrue();
    }

    @Test
    void invalidUsername_rejected() {
        for (String bad : new String[] {"", "a@b", "a/b", "a:b", "a<b", "\u0007bell", "x".repeat(1024)}) {
            assertThatThrownBy(() -> users.create(bad, credentials(PASSWORD)))
                    .as(bad).isInstanceOf(InvalidUsernameException.class);
        }
        assertThat(users.count()).isZero();
    }

    @Test
    void changePassword_replacesCredentials_unknownUserFalse() {
        users.create("juliet", credentials(PASSWORD));
        assertThat(users.changePassword("juliet", credentials("new-one"))).isTrue();
        assertThat(users.credentials("juliet", ScramHash.SHA_256).orElseThrow().matches("new-one")).isTrue();
        assertThat(users.credentials("juliet", ScramHash.SHA_1).orElseThrow().matches(PASSWORD)).isFalse();
        assertThat(users.changePassword("nurse", credentials("x"))).isFalse();
        assertThat(users.exists("nurse")).isFalse();
    }

    @Test
    void delete_removesUserAndCredentials() {
        users.create("juliet", credentials(PASSWORD));
        assertThat(users.delete("Juliet")).isTrue();
        assertThat(users.delete("juliet")).isFalse();
        assertThat(users.exists("juliet")).isFalse();
        assertThat(users.credentials("juliet", ScramHash.SHA_256)).isEmpty();
    }

    @Test
    void storedRows_holdNoPlaintext() throws Exception {
        users.create("juliet", credentials(PASSWORD));
        byte[] plain = PASSWORD.getBytes(StandardCharsets.UTF_8);
        for (String table : new String[] {"users", "scram_credentials"}) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        byte[] value = rs.getBytes(i);
                        String text = rs.getString(i);
                        assertThat(text == null ? "" : text).doesNotContainIgnoringCase(PASSWORD);
                        if (value != null) {
                            assertThat(indexOf(value, plain)).isEqualTo(-1);
                        }
                    }
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void embeddedRestart_keepsUsers(@TempDir Path dataDir) {
        DatabaseConfig config = DatabaseConfig.defaults();
        try (Database first = Database.open(config, dataDir, List.of(CORE))) {
            new PostgresUserRepository(first.dataSource()).create("juliet", credentials(PASSWORD));
        }
        try (Database second = Database.open(config, dataDir, List.of(CORE))) {
            PostgresUserRepository repo = new PostgresUserRepository(second.dataSource());
            assertThat(repo.exists("juliet")).isTrue();
            assertThat(repo.credentials("juliet", ScramHash.SHA_256).orElseThrow().matches(PASSWORD)).isTrue();
        }
    }
}
