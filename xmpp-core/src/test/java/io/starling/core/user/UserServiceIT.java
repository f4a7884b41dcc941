package io.starling.core.user;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletionException;

import io.starling.core.config.AuthConfig;
import io.starling.core.jid.Jid;
import io.starling.core.sasl.SaslMechanism;
import io.starling.core.sasl.SaslMechanisms;
import io.starling.core.sasl.SaslStep;
import io.starling.core.store.Database;
import io.starling.core.testing.ScramTestClient;
import io.starling.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserServiceIT {
    private final Database db = TestDatabase.open("classpath:db/migration/core");
    private final UserService service = new UserService(new PostgresUserRepository(db.dataSource()),
            db.jdbcExecutor(), AuthConfig.defaults());

    @AfterEach
    void close() {
        service.close();
        db.close();
    }

    @Test
    void lifecycle_createPasswdDelete() {
        service.create("Juliet", "r0m30").join();
        assertThat(service.exists("juliet").join()).isTrue();
        assertThat(service.verifyPassword("juliet", "r0m30").join()).isTrue();
        assertThat(service.verifyPassword("juliet", "wrong").join()).isFalse();
        assertThat(service.verifyPassword("nobody", "r0m30").join()).isFalse();

        assertThat(service.changePassword("juliet", "n3w").join()).isTrue();
        assertThat(service.verifyPassword("juliet", "n3w").join()).isTrue();
        assertThat(service.list(10, 0).join()).containsExactly("juliet");
        assertThat(service.count().join()).isEqualTo(1);

        assertThat(service.delete("juliet").join()).isTrue();
        assertThat(service.exists("juliet").join()).isFalse();
    }

    @Test
    void existing_answersForManyInOneCall_asGiven_impossibleNamesAreNotAccounts() {
        service.create("juliet", "pw").join();
        service.create("romeo", "pw").join();

        assertThat(service.existing(List.of("Juliet", "nurse", "romeo", "a@b", "")).join())
                .containsExactlyInAnyOrder("Juliet", "romeo");
        assertThat(new AccountDirectory(service).existing(List.of(Jid.parse("juliet@localhost"),
                Jid.parse("tybalt@localhost"))).toCompletableFuture().join())
                .containsExactly(Jid.parse("juliet@localhost"));
        assertThat(service.existing(List.of()).join()).isEmpty();
    }

    @Test
    void badInput_failedFutures() {
        service.create("juliet", "pw").join();
        assertThatThrownBy(() -> service.create("juliet", "pw").join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UserExistsException.class);
        assertThatThrownBy(() -> service.create("a@b", "pw").join())
                .hasCauseInstanceOf(InvalidUsernameException.class);
        assertThatThrownBy(() -> service.create("romeo", "").join())
                .hasCauseInstanceOf(InvalidPasswordException.class);
        assertThat(service.exists("romeo").join()).isFalse();
    }

    @Test
    void scramAgainstPostgres_succeeds() throws Exception {
        service.create("juliet", "r0m30").join();
        SaslMechanism m = new SaslMechanisms(service, AuthConfig.defaults()).create("SCRAM-SHA-256", false,
                "localhost");
        ScramTestClient client = new ScramTestClient(io.starling.core.user.ScramHash.SHA_256, "juliet", "r0m30");

        SaslStep first = m.evaluate(client.clientFirst()).toCompletableFuture().join();
        byte[] serverFirst = ((SaslStep.Challenge) first).data();
        SaslStep last = m.evaluate(client.clientFinal(serverFirst)).toCompletableFuture().join();

        assertThat(last).isInstanceOfSatisfying(SaslStep.Success.class,
                s -> assertThat(client.verifyServerFinal(s.additionalData())).isTrue());
        assertThat(new String(serverFirst, UTF_8)).endsWith(",i=4096");
    }
}
