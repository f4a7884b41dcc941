package io.starling.core.xml;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/** Where {@link XmlWriter} puts characters: a {@link StringBuilder}, or a {@link ByteBuf} encoded as UTF-8. */
abstract sealed class XmlOutput permits XmlOutput.ToStringBuilder, XmlOutput.ToByteBuf {
    /** Appends characters that are ASCII. */
    abstract void ascii(String s);

    abstract void ascii(char c);

    /** Appends {@code s[from, to)}, which holds no lone surrogate. */
    abstract void text(CharSequence s, int from, int to);

    final void text(String s) {
        text(s, 0, s.length());
    }

    static XmlOutput of(StringBuilder sb) {
        return new ToStringBuilder(sb);
    }

    static XmlOutput of(ByteBuf buf) {
        return new ToByteBuf(buf);
    }

    static final class ToStringBuilder extends XmlOutput {
        private final StringBuilder sb;

        ToStringBuilder(StringBuilder sb) {
            this.sb = sb;
        }

        @Override
        void ascii(String s) {
            sb.append(s);
        }

        @Override
        void ascii(char c) {
            sb.append(c);
        }

        @Override
        void text(CharSequence s, int from, int to) {
            sb.append(s, from, to);
        }
    }

    static final class ToByteBuf extends XmlOutput {
        private final ByteBuf buf;

        ToByteBuf(ByteBuf buf) {
            this.buf = buf;
        }

        @Override
        void ascii(String s) {
            ByteBufUtil.writeAscii(buf, s);
        }

        @Override
        void ascii(char c) {
            buf.writeByte(c);
        }

        @Override
        void text(CharSequence s, int from, int to) {
            if (from < to) {
                ByteBufUtil.writeUtf8(buf, s, from, to);
            }
        }
    }
}
