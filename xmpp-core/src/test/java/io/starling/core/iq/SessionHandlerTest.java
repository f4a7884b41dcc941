package io.starling.core.iq;

import static io.starling.core.testing.Stanzas.iq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.starling.core.stanza.Namespaces;
import io.starling.core.stanza.Stanza;
import io.starling.core.stanza.StanzaErrorCondition;
import io.starling.core.stanza.StanzaErrorException;
import io.starling.core.xml.XmlElement;

class SessionHandlerTest {
    private final SessionHandler handler = new SessionHandler();

    private Stanza session(String to) {
        return iq("alice@example.com/web", to, "set", XmlElement.builder(Namespaces.SESSION, "session").build());
    }

    @Test
    void toServer_emptyResult() {
        Stanza result = handler.handle(session("example.com")).toCompletableFuture().join();
        assertThat(result.type()).isEqualTo("result");
        assertThat(result.id()).isEqualTo("q1");
        assertThat(result.element().elements()).isEmpty();
    }

    @Test
    void withoutTo_emptyResult() {
        Stanza result = handler.handle(session(null)).toCompletableFuture().join();
        assertThat(result.type()).isEqualTo("result");
        assertThat(result.element().elements()).isEmpty();
    }

    @Test
    void toOwnBareJid_emptyResult() {
        assertThat(handler.handle(session("alice@example.com")).toCompletableFuture().join().type())
                .isEqualTo("result");
    }

    @Test
    void toAnotherMember_serviceUnavailable() {
        assertThatThrownBy(() -> handler.handle(session("bob@example.com")).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(StanzaErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(StanzaErrorCondition.SERVICE_UNAVAILABLE));
    }
}
