package io.starling.core.xml;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;

import io.starling.core.stanza.StreamErrorCondition;
import io.starling.core.stanza.StreamErrorException;

/**
 * The transport-independent core of {@link XmlStreamDecoder}: turns the bytes of one XMPP stream (RFC 6120 §4) into
 * a {@link StreamOpen}, one {@link XmlElement} per top-level child of the stream, and a {@link StreamClose}.
 * Confined to one thread (the connection's event loop).
 *
 * <p>Input is fed buffer by buffer; Aalto reads each buffer in place and holds on to it only until {@link #feed}
 * returns. Every failure is a {@link StreamErrorException} and leaves the parser failed: it ignores all further
 * input.
 * <ul>
 *   <li>{@code not-well-formed} (§4.9.3.13): anything Aalto rejects, ill-formed UTF-8, text other than whitespace
 *       between stanzas, content before the root or a second root;</li>
 *   <li>{@code restricted-xml} (§4.9.3.18, §11.1): a DTD, comment, processing instruction (the XML declaration
 *       aside) or reference to an entity other than the predefined ones;</li>
 *   <li>{@code unsupported-encoding} (§4.9.3.22, §11.6): an XML declaration naming an encoding other than UTF-8;</li>
 *   <li>{@code policy-violation} (§4.9.3.16): a bound of {@link XmlLimits} was exceeded.</li>
 * </ul>
 *
 * <p><b>Hibernation.</b> Aalto's reader keeps several buffers and a name table alive. When asked to
 * {@link #hibernate()} while the stream rests between stanzas with nothing half-read, the parser closes its reader (returning the buffers to the thread's pool) and
 * keeps only the bytes of a synthetic stream header carrying the same namespace declarations. The next input
 * creates a fresh reader, feeds it that header first and swallows the resulting root element, so parsing resumes
 * in the same namespace context.
 */
public final class XmlStreamParser {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Where in the document the reader is. */
    private enum State {
        /** Before the root element: XML declaration, whitespace. */
        PROLOG,
        /** Inside {@code <stream:stream>}. */
        OPEN,
        /** After {@code </stream:stream>}. */
        CLOSED,
        /** A stream error was raised; all input is ignored. */
        FAILED
    }

    private final XmlParserFactory parsers;
    private final XmlLimits limits;
    private final XmlTreeBuilder builder;
    private final Utf8Validator utf8 = new Utf8Validator();

    private State state = State.PROLOG;
    /** Null before the first byte of a stream and while hibernating. */
    private AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
    /** The synthetic header that re-opens the stream after hibernation. */
    private byte[] reopenHeader;
    /** Bytes fed to the current reader. */
    private long fed;
    /** Offset, in the current reader's input, where the bytes it may still hold start. */
    private long unitStart;
    /** Position of the buffer being parsed; Aalto's offsets are off by it. */
    private int bufferStart;
    /** Bumped by {@link #reset()}, so that a reset from inside the sink stops the parse loop. */
    private int generation;
    private final PrologScanner prolog = new PrologScanner();
    /** True when the last input ended at a stanza boundary with nothing half-read. */
    private boolean resting;

    public XmlStreamParser(XmlParserFactory parsers, XmlLimits limits) {
        this.parsers = parsers;
        this.limits = limits;
        this.builder = new XmlTreeBuilder(limits);
    }

    /**
     * Parses {@code input} from its position to its limit, passing each complete event to {@code sink}, and leaves
     * the buffer untouched. Once this returns the parser keeps no reference to the buffer.
     *
     * @return false if the rest of the input must be dropped: the parser failed before, or the sink called
     *         {@link #reset()}
     * @throws StreamErrorException when the input breaks the stream; the parser is failed from then on
     */
    public boolean feed(ByteBuffer input, Consumer<Object> sink) {
        if (state == State.FAILED) {
            return false;
        }
        if (!input.hasRemaining()) {
            return true;
        }
        int startGeneration = generation;
        try {
            if (!utf8.validate(input)) {
                throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "invalid UTF-8");
            }
            if (state == State.PROLOG) {
                prolog.scan(input);
            }
            resting = false;
            if (reader == null) {
                openReader();
            }
            bufferStart = input.position();
            reader.getInputFeeder().feedInput(input);
            fed += input.remaining();
            if (!parse(sink, startGeneration)) {
                return false;
            }
            reader.getInputFeeder().feedInput(EMPTY); // let go of the caller's buffer
            bufferStart = 0;
            checkUnit(fed);
            resting = state == State.OPEN && builder.depth() == 0 && unitStart == fed && utf8.atBoundary();
            return true;
        } catch (XMLStreamException e) {
            throw fail(translate(e));
        } catch (UncheckedStreamException e) {
            throw fail(e.getCause() instanceof XMLStreamException x ? translate(x)
                    : new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, String.valueOf(e.getMessage())));
        } catch (StreamErrorException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            fail(null);
            throw e;
        }
    }

    /**
     * Starts over: the next byte fed begins a new document (RFC 6120 §4.3.3 stream restart after STARTTLS or
     * SASL). Whatever the parser held of the old stream is dropped, and if called from inside the sink, so is the
     * rest of the input being fed, as §5.4.3.3 and §6.4.6 require. A failed parser stays failed.
     */
    public void reset() {
        generation++;
        closeReader();
        builder.clear();
        utf8.reset();
        reopenHeader = null;
        prolog.reset();
        resting = false;
        if (state != State.FAILED) {
            state = State.PROLOG;
        }
    }

    /**
     * Drops the Aalto reader if hibernation is on and the last input ended between stanzas with nothing half-read;
     * the next {@link #feed} re-creates it. Call when a batch of reads is done (Netty's {@code channelReadComplete}),
     * so that a busy connection keeps its reader across the buffers of one batch.
     *
     * @return true if the parser now holds no reader
     */
    public boolean hibernate() {
        if (limits.hibernate() && resting) {
            closeReader();
        }
        return reader == null;
    }

    /** Releases the reader's buffers; call when the connection ends. */
    public void close() {
        closeReader();
        builder.clear();
    }

    public boolean isFailed() {
        return state == State.FAILED;
    }

    /** True when the parser holds no Aalto reader (before the first byte, or hibernating between stanzas). */
    public boolean isHibernating() {
        return reader == null;
    }

    private boolean parse(Consumer<Object> sink, int startGeneration) throws XMLStreamException {
        while (true) {
            int event = reader.next();
            if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                return true;
            }
            Object out = switch (state) {
                case PROLOG -> onProlog(event);
                case OPEN -> onContent(event);
                case CLOSED -> onEpilog(event);
                case FAILED -> throw new IllegalStateException("parsing after failure");
            };
            if (out != null) {
                sink.accept(out);
                if (generation != startGeneration) {
                    return false;
                }
            }
        }
    }

    private Object onProlog(int event) throws XMLStreamException {
        switch (event) {
            case XMLStreamConstants.START_DOCUMENT -> {
                String encoding = reader.getCharacterEncodingScheme();
                if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
                    throw new StreamErrorException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                            "only UTF-8 is supported");
                }
                return null;
            }
            case XMLStreamConstants.SPACE -> {
                return null;
            }
            case XMLStreamConstants.START_ELEMENT -> {
                return openStream();
            }
            default -> throw unexpected(event);
        }
    }

    private Object onContent(int event) throws XMLStreamException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> {
                builder.startElement(reader);
                checkUnit(offset());
                return null;
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                if (builder.depth() == 0) {
                    // RFC 6120 §4.6.1: whitespace between stanzas is a keepalive; anything else is no XMPP
                    reader.getTextLength(); // completes the token
                    if (!reader.isWhiteSpace()) {
                        throw new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED,
                                "character data between stanzas");
                    }
                    markUnitEnd();
                } else {
                    builder.characters(reader);
                    checkUnit(offset());
                }
                return null;
            }
            case XMLStreamConstants.END_ELEMENT -> {
                if (builder.depth() == 0) {
                    state = State.CLOSED;
                    reopenHeader = null;
                    markUnitEnd();
                    return StreamClose.INSTANCE;
                }
                long end = offset();
                checkUnit(end);
                XmlElement element = builder.endElement();
                if (element != null) {
                    unitStart = end;
                }
                return element;
            }
            default -> throw unexpected(event);
        }
    }

    private Object onEpilog(int event) throws XMLStreamException {
        if (event == XMLStreamConstants.SPACE || event == XMLStreamConstants.CHARACTERS) {
            markUnitEnd();
            return null;
        }
        throw unexpected(event);
    }

    private StreamOpen openStream() throws XMLStreamException {
        XmlTreeBuilder.checkAttributeCount(reader, limits.maxAttributes());
        int nsCount = reader.getNamespaceCount();
        String defaultNamespace = "";
        @SuppressWarnings("unchecked")
        Map.Entry<String, String>[] declarations = new Map.Entry[nsCount];
        for (int i = 0; i < nsCount; i++) {
            String prefix = XmlTreeBuilder.nonNull(reader.getNamespacePrefix(i));
            String uri = XmlTreeBuilder.nonNull(reader.getNamespaceURI(i));
            declarations[i] = Map.entry(prefix, uri);
            if (prefix.isEmpty()) {
                defaultNamespace = uri;
            }
        }
        StreamOpen open = new StreamOpen(XmlTreeBuilder.nonNull(reader.getNamespaceURI()), reader.getLocalName(),
                XmlTreeBuilder.nonNull(reader.getPrefix()), defaultNamespace, Map.ofEntries(declarations),
                XmlTreeBuilder.attributes(reader));
        state = State.OPEN;
        markUnitEnd();
        if (limits.hibernate()) {
            reopenHeader = reopenHeader(reader);
        }
        return open;
    }

    private void openReader() throws XMLStreamException {
        reader = parsers.newReader();
        fed = 0;
        unitStart = 0;
        bufferStart = 0;
        if (state != State.OPEN) {
            return;
        }
        // Waking from hibernation: re-open the stream with the same prefix and namespace declarations.
        reader.getInputFeeder().feedInput(ByteBuffer.wrap(reopenHeader));
        fed = reopenHeader.length;
        int event = reader.next();
        while (event == XMLStreamConstants.START_DOCUMENT) {
            event = reader.next();
        }
        if (event != XMLStreamConstants.START_ELEMENT || reader.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            throw new IllegalStateException("synthetic stream header did not parse");
        }
        unitStart = fed;
    }

    private long offset() throws XMLStreamException {
        return reader.getLocationInfo().getEndingByteOffset() - bufferStart;
    }

    /** The bytes of the current event and everything before it are gone from the reader. */
    private void markUnitEnd() throws XMLStreamException {
        long end = offset();
        checkUnit(end);
        unitStart = end;
    }

    private void checkUnit(long end) {
        if (end - unitStart > limits.maxStanzaBytes()) {
            throw new StreamErrorException(StreamErrorCondition.POLICY_VIOLATION,
                    "stanza larger than " + limits.maxStanzaBytes() + " bytes");
        }
    }

    private StreamErrorException unexpected(int event) {
        return switch (event) {
            case XMLStreamConstants.COMMENT -> restricted("comment");
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> restricted("processing instruction");
            case XMLStreamConstants.DTD -> restricted("DTD");
            case XMLStreamConstants.ENTITY_REFERENCE -> restricted("entity reference");
            default -> new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, "unexpected XML event " + event);
        };
    }

    private static StreamErrorException restricted(String what) {
        return new StreamErrorException(StreamErrorCondition.RESTRICTED_XML, what + " not allowed (RFC 6120 §11.1)");
    }

    private static StreamErrorException translate(XMLStreamException e) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        // Aalto's only word for an undeclared entity inside an attribute value; RFC 6120 §11.1 restricts it.
        if (message.contains("ENTITY_REFERENCE")) {
            return restricted("entity reference");
        }
        return new StreamErrorException(StreamErrorCondition.NOT_WELL_FORMED, message);
    }

    private StreamErrorException fail(StreamErrorException e) {
        state = State.FAILED;
        resting = false;
        close();
        return e;
    }

    private void closeReader() {
        if (reader != null) {
            AsyncXMLStreamReader<AsyncByteBufferFeeder> r = reader;
            reader = null;
            try {
                r.close();
            } catch (XMLStreamException | RuntimeException ignored) {
                // closing only hands buffers back to the pool; nothing to report
            }
        }
    }

    private static byte[] reopenHeader(XMLStreamReader root) {
        StringBuilder sb = new StringBuilder(128).append('<');
        String prefix = root.getPrefix();
        if (prefix != null && !prefix.isEmpty()) {
            sb.append(prefix).append(':');
        }
        sb.append(root.getLocalName());
        for (int i = 0; i < root.getNamespaceCount(); i++) {
            String p = root.getNamespacePrefix(i);
            sb.append(" xmlns");
            if (p != null && !p.isEmpty()) {
                sb.append(':').append(p);
            }
            sb.append("='");
            XmlWriter.appendEscaped(XmlTreeBuilder.nonNull(root.getNamespaceURI(i)), true, sb);
            sb.append('\'');
        }
        return sb.append('>').toString().getBytes(StandardCharsets.UTF_8);
    }
}
