package io.starling.offline;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.starling.core.stanza.Stanza;
import io.starling.core.xml.XmlElementParser;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlWriter;
import io.starling.offline.store.OfflineRepository.StoredMessage;

/**
 * Stanzas as the {@code offline_messages.stanza} column keeps them: the standalone XML of
 * {@link XmlWriter#toXml}, read back with {@link XmlElementParser} (no Netty). Thread-safe.
 */
public final class StoredStanzaCodec {
    private static final Logger LOG = LoggerFactory.getLogger(StoredStanzaCodec.class);
    /**
     * Stored stanzas passed the c2s limits when they arrived; reading them back allows a little more (the delay
     * notice, a c2s limit lowered since) rather than lose them.
     */
    private static final XmlLimits STORED = XmlLimits.defaults().withMaxStanzaBytes(4 * 1024 * 1024)
            .withMaxDepth(64).withMaxAttributes(256);

    private final XmlElementParser parser;

    public StoredStanzaCodec(XmlParserFactory parsers) {
        this.parser = new XmlElementParser(parsers, STORED);
    }

    public String encode(Stanza stanza) {
        return XmlWriter.toXml(stanza.element());
    }

    /**
     * @throws IllegalArgumentException if the text is no stanza (a corrupted row)
     */
    public Stanza decode(String xml) {
        try {
            return Stanza.of(parser.parse(xml));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("stored stanza does not parse: " + e.getMessage(), e);
        }
    }

    /** Parses what was taken, in order; a row that no longer parses is logged and skipped rather than block the rest. */
    public List<Stanza> decodeAll(List<StoredMessage> taken) {
        List<Stanza> out = new ArrayList<>(taken.size());
        for (StoredMessage m : taken) {
            try {
                out.add(decode(m.stanza()));
            } catch (IllegalArgumentException e) {
                LOG.error("offline message {} no longer parses and is dropped", m.id(), e);
            }
        }
        return out;
    }
}
