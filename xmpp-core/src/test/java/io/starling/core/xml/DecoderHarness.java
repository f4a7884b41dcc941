package io.starling.core.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives an {@link XmlStreamDecoder} on an {@link EmbeddedChannel} and records what comes out of it. */
final class DecoderHarness {
    static final XmlParserFactory PARSERS = new XmlParserFactory();

    final XmlStreamDecoder decoder;
    final EmbeddedChannel channel;
    /** Messages and exceptions in the order the decoder fired them. */
    final List<Object> events = new ArrayList<>();
    final List<ByteBuf> fed = new ArrayList<>();

    DecoderHarness(XmlLimits limits) {
        decoder = new XmlStreamDecoder(PARSERS, limits);
        channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                events.add(msg);
                ctx.fireChannelRead(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                events.add(cause);
            }
        });
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds the bytes as one pooled direct buffer (whose NIO view usually starts past position 0). */
    DecoderHarness feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    DecoderHarness feed(String s) {
        return feed(utf8(s));
    }

    DecoderHarness feed(byte[] bytes, int from, int to) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(to - from);
        buf.writeBytes(bytes, from, to - from);
        return write(buf);
    }

    /** Feeds the bytes as a composite of one component per chunk of {@code chunk} bytes. */
    DecoderHarness feedComposite(byte[] bytes, int chunk) {
        CompositeByteBuf composite = PooledByteBufAllocator.DEFAULT.compositeHeapBuffer(Integer.MAX_VALUE);
        for (int i = 0; i < bytes.length; i += chunk) {
            int n = Math.min(chunk, bytes.length - i);
            composite.addComponent(true, PooledByteBufAllocator.DEFAULT.heapBuffer(n).writeBytes(bytes, i, n));
        }
        return write(composite);
    }

    DecoderHarness write(ByteBuf buf) {
        fed.add(buf);
        channel.writeInbound(buf);
        return this;
    }

    /** Everything the decoder emitted for these bytes split at the given points. */
    static List<Object> decode(XmlLimits limits, byte[] bytes, int... splits) {
        DecoderHarness h = new DecoderHarness(limits);
        int from = 0;
        for (int split : splits) {
            h.feed(bytes, from, split);
            from = split;
        }
        h.feed(bytes, from, bytes.length);
        return h.finish();
    }

    /** Asserts every fed buffer was released, closes the channel and returns the events. */
    List<Object> finish() {
        for (ByteBuf buf : fed) {
            assertThat(buf.refCnt()).as("fed buffer released").isZero();
        }
        channel.finishAndReleaseAll();
        return events;
    }
}
