package io.starling.core.xml;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;

import static io.starling.core.xml.XmlStreamDecoderTest.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

class XmlStreamDecoderErrorTest {
    static final String BILLION_LAUGHS = "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n"
            + " <!ENTITY lol 'lol'>\n"
            + " <!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n"
            + " <!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>\n"
            + " <!ENTITY lol9 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>\n"
            + "]>\n"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<message><body>&lol9;</body></message>";

    /** Feeds the input whole and split at every byte; each run must end in exactly this error. */
    private static void assertFails(XmlLimits limits, byte[] input, StreamErrorCondition condition) {
        assertError(DecoderHarness.decode(limits, input), condition, "whole");
        for (int split = 1; split < input.length; split += Math.max(1, input.length / 97)) {
            assertError(DecoderHarness.decode(limits, input, split), condition, "split at " + split);
        }
    }

    private static void assertFails(String input, StreamErrorCondition condition) {
        assertFails(XmlLimits.defaults(), DecoderHarness.utf8(input), condition);
        assertFails(XmlLimits.defaults().withHibernate(false), DecoderHarness.utf8(input), condition);
    }

    private static void assertError(List<Object> events, StreamErrorCondition condition, String how) {
        assertThat(events).as(how).filteredOn(Throwable.class::isInstance).hasSize(1);
        Object last = events.get(events.size() - 1);
        assertThat(last).as(how).isInstanceOf(StreamErrorException.class);
        assertThat(((StreamErrorException) last).condition()).as(how + ": " + last).isEqualTo(condition);
    }

    @Test
    void malformedXml_notWellFormed() {
        assertFails(HEADER + "<message><body>x</message>", StreamErrorCondition.NOT_WELL_FORMED);
        assertFails(HEADER + "<message a='1' a='2'/>", StreamErrorCondition.NOT_WELL_FORMED);
        assertFails(HEADER + "<p:message/>", StreamErrorCondition.NOT_WELL_FORMED);
        assertFails(HEADER + "<message><body>&#0;</body></message>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void contentBeforeTheRoot_notWellFormed() {
        assertFails("hello" + HEADER, StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void secondRoot_notWellFormed() {
        assertFails(HEADER + "</stream:stream><stream:stream>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void textAtStreamLevel_notWellFormed() {
        assertFails(HEADER + "<presence/> hello <presence/>", StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void doctypeWithBillionLaughs_restrictedXmlAndNothingExpanded() {
        DecoderHarness h = new DecoderHarness(XmlLimits.defaults()).feed(BILLION_LAUGHS);
        List<Object> events = h.finish();

        assertThat(events).hasSize(1);
        assertThat(((StreamErrorException) events.get(0)).condition()).isEqualTo(StreamErrorCondition.RESTRICTED_XML);
        assertFails(BILLION_LAUGHS, StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void doctypeWithoutInternalSubset_restrictedXml() {
        assertFails("<!DOCTYPE stream:stream SYSTEM 'http://example.com/x.dtd'>" + HEADER,
                StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void undeclaredEntityReference_restrictedXml() {
        assertFails(HEADER + "<message><body>&lol9;</body></message>", StreamErrorCondition.RESTRICTED_XML);
        assertFails(HEADER + "<message id='&lol9;'/>", StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void comment_restrictedXml() {
        assertFails("<!-- hi -->" + HEADER, StreamErrorCondition.RESTRICTED_XML);
        assertFails(HEADER + "<!-- hi --><presence/>", StreamErrorCondition.RESTRICTED_XML);
        assertFails(HEADER + "<message><!-- hi --></message>", StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void processingInstruction_restrictedXml() {
        assertFails("<?xml-stylesheet href='x'?>" + HEADER.substring(HEADER.indexOf('<', 1)),
                StreamErrorCondition.RESTRICTED_XML);
        assertFails(HEADER + "<?pi data?>", StreamErrorCondition.RESTRICTED_XML);
        assertFails(HEADER + "<message><?pi data?></message>", StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void nonUtf8Encoding_unsupportedEncoding() {
        assertFails(HEADER.replace("UTF-8", "ISO-8859-1"), StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void invalidUtf8_notWellFormed() {
        byte[][] bad = {
            {(byte) 0xC3, 0x28},                          // truncated two-byte sequence
            {(byte) 0xFF},                                // never valid
            {(byte) 0xC0, (byte) 0x80},                   // overlong NUL, which Aalto would decode
            {(byte) 0xE0, (byte) 0x80, (byte) 0x80},      // overlong three-byte NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},      // UTF-16 surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0x80},                                // stray continuation byte
        };
        byte[] before = DecoderHarness.utf8(HEADER + "<message><body>");
        byte[] after = DecoderHarness.utf8("</body></message>");
        for (byte[] b : bad) {
            byte[] input = new byte[before.length + b.length + after.length];
            System.arraycopy(before, 0, input, 0, before.length);
            System.arraycopy(b, 0, input, before.length, b.length);
            System.arraycopy(after, 0, input, before.length + b.length, after.length);
            assertFails(XmlLimits.defaults(), input, StreamErrorCondition.NOT_WELL_FORMED);
        }
    }

    @Test
    void oversizedStanza_policyViolation() {
        XmlLimits limits = XmlLimits.defaults().withMaxStanzaBytes(1024);
        String body = "x".repeat(1100);
        assertFails(limits, DecoderHarness.utf8(HEADER + "<message><body>" + body + "</body></message>"),
                StreamErrorCondition.POLICY_VIOLATION);
        // an unfinished token (here a comment's content) is bounded too
        assertFails(limits, DecoderHarness.utf8(HEADER + "<!--" + body), StreamErrorCondition.POLICY_VIOLATION);
        assertFails(limits, DecoderHarness.utf8(HEADER + "<message to='" + body), StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void stanzaJustUnderTheLimit_passes() {
        XmlLimits limits = XmlLimits.defaults().withMaxStanzaBytes(1024);
        String stanza = "<message><body></body></message>";
        String big = stanza.replace("</body>", "x".repeat(1024 - stanza.length()) + "</body>");
        DecoderHarness h = new DecoderHarness(limits).feed(HEADER + "\n\n" + big + "\n");
        assertThat(h.finish()).hasSize(2);
        DecoderHarness over = new DecoderHarness(limits).feed(HEADER + big.replace("<body>", "<body>y"));
        assertThat(over.finish()).last().isInstanceOf(StreamErrorException.class);
    }

    @Test
    void manySmallStanzas_neverAddUpToTheLimit() {
        DecoderHarness h = new DecoderHarness(XmlLimits.defaults().withMaxStanzaBytes(1024)).feed(HEADER);
        h.feed(" <presence/>\n".repeat(500));
        assertThat(h.finish()).hasSize(501);
    }

    @Test
    void tooDeep_policyViolation() {
        XmlLimits limits = XmlLimits.defaults().withMaxDepth(4);
        assertFails(limits, DecoderHarness.utf8(HEADER + "<a><b><c><d><e/></d></c></b></a>"),
                StreamErrorCondition.POLICY_VIOLATION);
        DecoderHarness ok = new DecoderHarness(limits).feed(HEADER + "<a><b><c><d/></c></b></a>");
        assertThat(ok.finish()).hasSize(2);
    }

    @Test
    void tooManyAttributes_policyViolation() {
        XmlLimits limits = XmlLimits.defaults().withMaxAttributes(3);
        assertFails(limits, DecoderHarness.utf8(HEADER + "<message a='1' b='2' c='3' d='4'/>"),
                StreamErrorCondition.POLICY_VIOLATION);
        assertFails(limits, DecoderHarness.utf8(HEADER + "<message xmlns:a='a' xmlns:b='b' c='3' d='4'/>"),
                StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void inputAfterAnError_isReleasedAndIgnored() {
        DecoderHarness h = new DecoderHarness(XmlLimits.defaults()).feed(HEADER).feed("<a></b>");
        h.feed("<presence/>").feed(HEADER).feedComposite(DecoderHarness.utf8("<presence/>"), 3);

        List<Object> events = h.finish(); // asserts every buffer was released

        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isInstanceOf(StreamErrorException.class);
    }
}
