package io.starling.core.xml;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.async.AsyncByteBufferScanner;
import com.fasterxml.aalto.async.AsyncStreamReaderImpl;
import com.fasterxml.aalto.in.ReaderConfig;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import com.fasterxml.aalto.util.CharsetNames;

/**
 * Makes Aalto non-blocking readers for XMPP streams. One instance serves every connection of a server: the Aalto
 * factory is configured once here and then only read, and its shared name table is internally synchronized.
 *
 * <p>Configuration (RFC 6120 §11.1, restricted XML): no DTD support, no external entities and no entity
 * replacement, so a reference to an undeclared entity surfaces as an {@code ENTITY_REFERENCE} event (or an error
 * inside an attribute value) and nothing is ever expanded; non-coalescing, so character data is reported as it
 * arrives and whitespace between stanzas is never buffered.
 *
 * <p>Aalto merges the element and attribute names a reader learned into the factory's shared name table when the
 * reader is closed, with no upper bound: a peer that sends many distinct names would grow it forever. Readers from
 * this factory merge only while the table is at most {@code maxSharedNames} entries; the table is primed with the
 * usual XMPP vocabulary at construction.
 */
public final class XmlParserFactory {
    /** The default bound on the shared name table. */
    public static final int DEFAULT_MAX_SHARED_NAMES = 2048;

    private static final String VOCABULARY = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='' from='' id='' version='' xml:lang=''>"
            + "<message type='' to='' from='' id=''><body/><subject/><thread parent=''/><error by='' code=''/>"
            + "<active/><composing/><paused/><inactive/><gone/><request/><received/><markable/><displayed/>"
            + "<origin-id/><stanza-id by=''/><delay stamp=''/><x/><query/><item jid='' name='' subscription=''"
            + " ask='' node=''/><group/><show/><status/><priority/><c hash='' node='' ver='' ext=''/><bind/>"
            + "<resource/><jid/><session/><ping/><identity category='' type=''/><feature var=''/><presence/>"
            + "<iq/><auth mechanism=''/><response/><challenge/><success/><failure/><starttls/><proceed/>"
            + "<features/><mechanisms/><mechanism/><enable resume='' max=''/><enabled/><r/><a h=''/>"
            + "<resume previd=''/><resumed/><sm/><text/><html/></message></stream:stream>";

    private final InputFactoryImpl factory;
    private final int maxSharedNames;

    /** A factory with {@link #DEFAULT_MAX_SHARED_NAMES}. */
    public XmlParserFactory() {
        this(DEFAULT_MAX_SHARED_NAMES);
    }

    public XmlParserFactory(int maxSharedNames) {
        this.maxSharedNames = maxSharedNames;
        factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        prime();
    }

    /** A fresh reader for one document; close it when done so that its buffers go back to the thread's pool. */
    public AsyncXMLStreamReader<AsyncByteBufferFeeder> newReader() {
        ReaderConfig cfg = factory.getNonSharedConfig(null, null, null, false, false);
        cfg.setActualEncoding(CharsetNames.CS_UTF8);
        return new AsyncStreamReaderImpl<>(new BoundedNamesScanner(cfg, maxSharedNames));
    }

    /** Teaches the shared name table the common XMPP names so that short-lived readers rarely add any. */
    private void prime() {
        AsyncXMLStreamReader<AsyncByteBufferFeeder> reader = newReader();
        try {
            reader.getInputFeeder().feedInput(ByteBuffer.wrap(VOCABULARY.getBytes(StandardCharsets.UTF_8)));
            while (reader.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                // names are learned while scanning
            }
            reader.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot prime the XML name table", e);
        }
    }

    /** Declines to merge its names into the shared table once that table has grown past the bound. */
    private static final class BoundedNamesScanner extends AsyncByteBufferScanner {
        private final int maxSharedNames;

        BoundedNamesScanner(ReaderConfig cfg, int maxSharedNames) {
            super(cfg);
            this.maxSharedNames = maxSharedNames;
        }

        @Override
        protected void _releaseBuffers() {
            if (_symbols != null && _symbols.size() > maxSharedNames) {
                _symbols = null;
            }
            super._releaseBuffers();
        }
    }
}
