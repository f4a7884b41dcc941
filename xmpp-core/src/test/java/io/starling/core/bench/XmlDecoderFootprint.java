package io.starling.core.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import io.starling.core.xml.XmlLimits;
import io.starling.core.xml.XmlParserFactory;
import io.starling.core.xml.XmlStreamParser;

/**
 * Rough retained heap per idle connection of the XML decoder state: creates many parsers, feeds each a stream header
 * and one stanza, collects garbage and divides the growth of the used heap. Prints one line per hibernation mode.
 * Run: {@code mvn -B -q -pl xmpp-core test-compile exec:exec -Dbench.main=io.starling.core.bench.XmlDecoderFootprint
 * -Dbench.args=10000}.
 */
public final class XmlDecoderFootprint {
    private XmlDecoderFootprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0]) : 10_000;
        XmlParserFactory parsers = new XmlParserFactory();
        for (int round = 0; round < 2; round++) { // the first round warms up classes and Aalto's name table
            for (boolean hibernate : new boolean[] {true, false}) {
                long perParser = measure(parsers, XmlLimits.defaults().withHibernate(hibernate), count);
                if (round == 1) {
                    System.out.printf("hibernate=%s: %d bytes retained per idle decoder (%d decoders)%n",
                            hibernate, perParser, count);
                }
            }
        }
    }

    private static long measure(XmlParserFactory parsers, XmlLimits limits, int count) throws InterruptedException {
        byte[] header = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] stanza = ("<message to='juliet@example.com/balcony' type='chat' id='m1'><body>Wherefore art thou"
                + " Romeo?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>")
                .getBytes(StandardCharsets.UTF_8);
        Consumer<Object> sink = event -> { };
        XmlStreamParser[] keep = new XmlStreamParser[count];
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            XmlStreamParser parser = new XmlStreamParser(parsers, limits);
            parser.feed(ByteBuffer.wrap(header), sink);
            parser.feed(ByteBuffer.wrap(stanza), sink);
            parser.hibernate(); // what XmlStreamDecoder does at channelReadComplete
            keep[i] = parser;
        }
        long after = usedAfterGc();
        long perParser = (after - before - 16L - 4L * count) / count; // minus the array holding them
        for (XmlStreamParser p : keep) {
            p.close();
        }
        return perParser;
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
