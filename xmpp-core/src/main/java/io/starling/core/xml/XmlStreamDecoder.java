package io.starling.core.xml;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.starling.core.stanza.StreamErrorException;

/**
 * Decodes an inbound XMPP stream (RFC 6120 §4) into {@link StreamOpen}, one {@link XmlElement} per top-level
 * element, and {@link StreamClose}, fired down the pipeline with {@code fireChannelRead}. Bytes are parsed in place
 * from the {@link ByteBuf}'s NIO view by {@link XmlStreamParser} (Aalto, non-blocking), and each buffer is released
 * once parsed. At the end of each read batch ({@code channelReadComplete}) an idle parser hibernates (see
 * {@link XmlStreamParser}), so an idle connection costs a few hundred bytes.
 *
 * <p>Use:
 * <ul>
 *   <li>After STARTTLS or SASL success the stream handler calls {@link #reset()} (on the event loop) before the peer
 *       may send the new header; the next byte starts a new document (RFC 6120 §4.3.3).</li>
 *   <li>Broken input fires a {@link StreamErrorException} through {@code fireExceptionCaught} (its condition is
 *       {@code not-well-formed}, {@code restricted-xml}, {@code unsupported-encoding} or {@code policy-violation});
 *       the next handler answers with {@code <stream:error/>} and closes. From then on the decoder releases and
 *       drops all input. An unexpected exception takes the same path, as itself.</li>
 * </ul>
 * Not sharable: one per channel.
 */
public final class XmlStreamDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(XmlStreamDecoder.class);

    private final XmlStreamParser parser;
    private Consumer<Object> sink;

    public XmlStreamDecoder(XmlParserFactory parsers, XmlLimits limits) {
        this.parser = new XmlStreamParser(parsers, limits);
    }

    /** Starts a new document with the next inbound byte; see {@link XmlStreamParser#reset()}. Event loop only. */
    public void reset() {
        parser.reset();
    }

    /** True while the parser holds no Aalto reader (idle between stanzas with hibernation on). */
    public boolean isHibernating() {
        return parser.isHibernating();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        sink = ctx::fireChannelRead;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        parser.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        parser.close();
        ctx.fireChannelInactive();
    }

    /** The read batch is over: let the parser hibernate if it rests between stanzas. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        parser.hibernate();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            decode(buf);
        } catch (StreamErrorException e) {
            LOG.debug("{}: stream error {}: {}", ctx.channel(), e.condition().wireName(), e.getMessage());
            ctx.fireExceptionCaught(e);
        } catch (RuntimeException e) {
            ctx.fireExceptionCaught(e);
        } finally {
            buf.release();
        }
    }

    private void decode(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable == 0 || parser.isFailed()) {
            return;
        }
        int index = buf.readerIndex();
        int count = buf.nioBufferCount();
        if (count == 1) {
            parser.feed(buf.internalNioBuffer(index, readable), sink);
        } else if (count > 1) {
            for (ByteBuffer part : buf.nioBuffers(index, readable)) {
                if (!parser.feed(part, sink)) {
                    return;
                }
            }
        } else {
            ByteBuffer copy = ByteBuffer.allocate(readable); // a buffer with no NIO view: rare, so copy
            buf.getBytes(index, copy);
            parser.feed(copy.flip(), sink);
        }
    }
}
