package io.starling.core.xml;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes outbound {@link StreamHeader}, {@link XmlElement} and {@link StreamClose} messages as UTF-8 into pooled
 * buffers with {@link XmlWriter}. Writing a {@link StreamHeader} also sets the stream's default namespace that
 * elements are written against (stanzas without {@code xmlns}, see {@link XmlWriter#write}); the constructor gives
 * the namespace to start with, for streams whose header is written some other way. Not sharable: one per channel.
 */
public final class XmlStreamEncoder extends MessageToByteEncoder<Object> {
    private String streamNamespace;

    /** @param streamNamespace the default namespace until a {@link StreamHeader} is written, or {@code null} */
    public XmlStreamEncoder(String streamNamespace) {
        super(Object.class);
        this.streamNamespace = streamNamespace;
    }

    /** The default namespace elements are written against, or {@code null}. */
    public String streamNamespace() {
        return streamNamespace;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof XmlElement || msg instanceof StreamHeader || msg instanceof StreamClose;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (msg instanceof XmlElement element) {
            XmlWriter.write(element, streamNamespace, out);
        } else if (msg instanceof StreamHeader header) {
            streamNamespace = header.defaultNamespace();
            XmlWriter.streamHeader(header, out);
        } else {
            XmlWriter.streamClose(out);
        }
    }
}
