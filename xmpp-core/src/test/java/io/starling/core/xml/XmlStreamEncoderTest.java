package io.starling.core.xml;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.starling.core.stanza.Namespaces;

import static org.assertj.core.api.Assertions.assertThat;

class XmlStreamEncoderTest {
    private static String next(EmbeddedChannel channel) {
        ByteBuf buf = channel.readOutbound();
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    @Test
    void headerElementsAndClose_areEncodedAgainstTheHeaderNamespace() {
        XmlStreamEncoder encoder = new XmlStreamEncoder(null);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message").textChild("body", "\u00e9").build();

        channel.writeOutbound(new StreamHeader(Namespaces.SERVER, "a.example", "b.example", "x", "1.0", null),
                message, StreamClose.INSTANCE);

        assertThat(encoder.streamNamespace()).isEqualTo(Namespaces.SERVER);
        assertThat(next(channel)).startsWith("<?xml version='1.0'?><stream:stream xmlns='jabber:server'");
        assertThat(next(channel)).isEqualTo("<message><body>\u00e9</body></message>");
        assertThat(next(channel)).isEqualTo("</stream:stream>");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void constructorNamespace_appliesBeforeAnyHeader() {
        EmbeddedChannel channel = new EmbeddedChannel(new XmlStreamEncoder(Namespaces.COMPONENT));
        channel.writeOutbound(XmlElement.builder(Namespaces.COMPONENT, "presence").build());
        assertThat(next(channel)).isEqualTo("<presence/>");
        channel.finish();
    }

    @Test
    void otherMessages_passThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(new XmlStreamEncoder(Namespaces.CLIENT));
        channel.writeOutbound("raw");
        assertThat((Object) channel.readOutbound()).isEqualTo("raw");
        channel.finish();
    }
}
