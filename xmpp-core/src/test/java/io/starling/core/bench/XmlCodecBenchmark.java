package io.starling.core.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.starling.core.stanza.Namespaces;
import io.starling.core.xml.XmlAttribute;
import io.starling.core.xml.XmlElement;
import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlStreamDecoder;
import io.starling.core.xml.XmlStreamParser;
import io.starling.core.xml.XmlWriter;

/**
 * Stanzas per second through the XML codec, one typical ~300-byte chat message at a time. Run with
 * {@code mvn -B -q -pl xmpp-core test-compile exec:exec} (see the xmpp-core pom for {@code bench.args}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class XmlCodecBenchmark {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='capulet.example' version='1.0' xml:lang='en'>";
    static final String MESSAGE = "<message to='juliet@capulet.example/balcony' from='romeo@montague.example/orchard'"
            + " type='chat' id='ktx72v49' xml:lang='en'><body>Art thou not Romeo, and a Montague? Neither, fair"
            + " saint, if either thee dislike \uD83C\uDF39</body><active xmlns='http://jabber.org/protocol/chatstates'/>"
            + "<request xmlns='urn:xmpp:receipts'/></message>";

    @Param({"true", "false"})
    public boolean hibernate;

    private XmlStreamParser parser;
    private ByteBuffer message;
    private Consumer<Object> sink;
    private EmbeddedChannel channel;
    private ByteBuf messageBuf;
    private XmlElement element;
    private ByteBuf out;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) {
        XmlParserFactory parsers = new XmlParserFactory();
        XmlLimits limits = XmlLimits.defaults().withHibernate(hibernate);
        sink = blackhole::consume;
        parser = new XmlStreamParser(parsers, limits);
        parser.feed(ByteBuffer.wrap(HEADER.getBytes(StandardCharsets.UTF_8)), sink);
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
        message = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();

        channel = new EmbeddedChannel(new XmlStreamDecoder(parsers, limits), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                blackhole.consume(msg);
            }
        });
        channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(
                HEADER.getBytes(StandardCharsets.UTF_8)));
        messageBuf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);

        element = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("to", "juliet@capulet.example/balcony").attribute("from", "romeo@montague.example/orchard")
                .attribute("type", "chat").attribute("id", "ktx72v49")
                .attribute(new XmlAttribute(XmlElement.XML_NS, "lang", "en"))
                .textChild("body", "Art thou not Romeo, and a Montague? Neither, fair saint, if either thee dislike"
                        + " \uD83C\uDF39")
                .child("http://jabber.org/protocol/chatstates", "active")
                .child("urn:xmpp:receipts", "request")
                .build();
        out = PooledByteBufAllocator.DEFAULT.directBuffer(512);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parser.close();
        channel.finishAndReleaseAll();
        messageBuf.release();
        out.release();
    }

    /** The parser alone, fed the message's bytes in place; one read batch per stanza, the worst case. */
    @Benchmark
    public boolean decodeParser() {
        parser.feed(message.duplicate(), sink);
        return parser.hibernate();
    }

    /** The Netty handler on an EmbeddedChannel, buffer reference counting included. */
    @Benchmark
    public void decodeChannel() {
        channel.writeInbound(messageBuf.retainedDuplicate());
    }

    /** The serializer into a pooled direct buffer. */
    @Benchmark
    public int encodeByteBuf() {
        out.clear();
        XmlWriter.write(element, Namespaces.CLIENT, out);
        return out.writerIndex();
    }

    @Benchmark
    public String encodeString() {
        return XmlWriter.toXml(element);
    }
}
