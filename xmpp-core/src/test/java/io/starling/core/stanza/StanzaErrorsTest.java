package io.starling.core.stanza;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.jid.Jid;
import io.starling.core.xml.XmlElement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StanzaErrorsTest {
    private static final String APP_NS = "urn:xmpp:blocking:errors";

    private static Stanza message() {
        return Stanza.build(Stanza.Kind.MESSAGE, Jid.parse("romeo@montague.net"), Jid.parse("juliet@capulet.com/x"),
                "chat", "m1", List.of(XmlElement.builder(Namespaces.CLIENT, "body").text("hi").build()));
    }

    @Test
    void errorElement_withoutApplicationCondition_hasConditionThenText() {
        XmlElement error = StanzaErrors.errorElement(Namespaces.CLIENT, StanzaErrorCondition.BAD_REQUEST, "why");

        assertThat(error.attribute("type")).isEqualTo("modify");
        assertThat(error.elements()).extracting(XmlElement::name).containsExactly("bad-request", "text");
        assertThat(error.element(Namespaces.STANZA_ERRORS, "text").text()).isEqualTo("why");
    }

    @Test
    void errorElement_withApplicationCondition_putsItLast() {
        XmlElement blocked = XmlElement.builder(APP_NS, "blocked").build();

        XmlElement error = StanzaErrors.errorElement(Namespaces.CLIENT, StanzaErrorCondition.NOT_ACCEPTABLE,
                StanzaErrorType.CANCEL, "blocked", blocked);

        assertThat(error.attribute("type")).isEqualTo("cancel");
        assertThat(error.elements()).containsExactly(
                XmlElement.builder(Namespaces.STANZA_ERRORS, "not-acceptable").build(),
                XmlElement.builder(Namespaces.STANZA_ERRORS, "text").text("blocked").build(),
                blocked);
    }

    @Test
    void errorElement_applicationConditionInStanzaErrorsNamespace_isRejected() {
        XmlElement wrong = XmlElement.builder(Namespaces.STANZA_ERRORS, "blocked").build();

        assertThatThrownBy(() -> StanzaErrors.errorElement(Namespaces.CLIENT, StanzaErrorCondition.NOT_ACCEPTABLE,
                StanzaErrorType.CANCEL, null, wrong)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorReply_withApplicationCondition_swapsAddressesAndCarriesIt() {
        XmlElement blocked = XmlElement.builder(APP_NS, "blocked").build();

        Stanza reply = message().errorReply(StanzaErrorCondition.NOT_ACCEPTABLE, StanzaErrorType.CANCEL, null,
                blocked);

        assertThat(reply.isError()).isTrue();
        assertThat(reply.to()).isEqualTo(Jid.parse("juliet@capulet.com/x"));
        assertThat(reply.from()).isEqualTo(Jid.parse("romeo@montague.net"));
        assertThat(reply.id()).isEqualTo("m1");
        XmlElement error = reply.element().element(Namespaces.CLIENT, "error");
        assertThat(error.attribute("type")).isEqualTo("cancel");
        assertThat(error.elements()).extracting(XmlElement::name).containsExactly("not-acceptable", "blocked");
        assertThat(error.element(APP_NS, "blocked")).isEqualTo(blocked);
    }

    @Test
    void errorReply_shortForm_usesDefaultTypeAndNoApplicationCondition() {
        Stanza reply = message().errorReply(StanzaErrorCondition.SERVICE_UNAVAILABLE, null);

        XmlElement error = reply.element().element(Namespaces.CLIENT, "error");
        assertThat(error.attribute("type")).isEqualTo("cancel");
        assertThat(error.elements()).extracting(XmlElement::name).containsExactly("service-unavailable");
    }
}
