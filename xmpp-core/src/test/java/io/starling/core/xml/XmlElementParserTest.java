package io.starling.core.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.starling.core.stanza.Namespaces;

class XmlElementParserTest {
    private final XmlElementParser parser = new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults());

    @Test
    void writerOutput_parsesBackToTheSameTree() {
        for (XmlElement e : XmlWriterTest.trickyTrees()) {
            if (!e.namespace().equals(Namespaces.STREAMS)) { // stream elements only exist inside a stream
                assertThat(parser.parse(XmlWriter.toXml(e))).isEqualTo(e);
            }
        }
    }

    @Test
    void elementWithoutNamespaceDeclaration_isInJabberClient() {
        XmlElement e = parser.parse("  <message to='a@b'><body>hi</body></message>\n");
        assertThat(e.namespace()).isEqualTo(Namespaces.CLIENT);
        assertThat(e.element("body").text()).isEqualTo("hi");
    }

    @Test
    void sameParser_parsesManyElementsInARow() {
        for (int i = 0; i < 100; i++) {
            assertThat(parser.parse("<message id='" + i + "'/>").attribute("id")).isEqualTo(String.valueOf(i));
        }
    }

    @Test
    void unfinishedElement_isRefused() {
        assertThatThrownBy(() -> parser.parse("<message><body>hi</body>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoElements_areRefused() {
        assertThatThrownBy(() -> parser.parse("<message/><message/>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one");
    }

    @Test
    void emptyTextOrStreamClose_areRefused() {
        assertThatThrownBy(() -> parser.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse("</stream:stream>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedOrRestrictedXml_isRefused() {
        assertThatThrownBy(() -> parser.parse("<message><body>a</message>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse("<message><!-- c --></message>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse("text<message/>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elementOverTheLimits_isRefused() {
        XmlElementParser small = new XmlElementParser(new XmlParserFactory(), XmlLimits.defaults().withMaxDepth(2));
        assertThat(small.parse("<a><b/></a>").name()).isEqualTo("a");
        assertThatThrownBy(() -> small.parse("<a><b><c/></b></a>")).isInstanceOf(IllegalArgumentException.class);
    }
}
