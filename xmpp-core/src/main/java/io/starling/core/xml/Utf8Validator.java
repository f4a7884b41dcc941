package io.starling.core.xml;

import java.nio.ByteBuffer;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF),
 * carrying a partial sequence from one buffer to the next. Aalto decodes some ill-formed sequences (an overlong
 * {@code C0 80} becomes U+0000, {@code F4 90 80 80} a pair of stray surrogates) instead of failing, so the parser
 * runs this over every byte before Aalto sees it.
 */
final class Utf8Validator {
    /** Continuation bytes still expected; 0 between characters. */
    private int pending;
    /** The allowed range of the next continuation byte, as unsigned values. */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Validates {@code buf} from its position to its limit without moving them; false on the first bad byte. */
    boolean validate(ByteBuffer buf) {
        int end = buf.limit();
        for (int i = buf.position(); i < end; i++) {
            int b = buf.get(i);
            if (pending == 0) {
                if (b >= 0) {
                    continue;
                }
                if (!lead(b & 0xFF)) {
                    return false;
                }
            } else {
                int u = b & 0xFF;
                if (u < lower || u > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                pending--;
            }
        }
        return true;
    }

    /** True when no character is cut in half. */
    boolean atBoundary() {
        return pending == 0;
    }

    void reset() {
        pending = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    private boolean lead(int u) {
        if (u >= 0xC2 && u <= 0xDF) {
            pending = 1;
        } else if (u >= 0xE0 && u <= 0xEF) {
            pending = 2;
            if (u == 0xE0) {
                lower = 0xA0; // no overlong three-byte forms
            } else if (u == 0xED) {
                upper = 0x9F; // no UTF-16 surrogates
            }
        } else if (u >= 0xF0 && u <= 0xF4) {
            pending = 3;
            if (u == 0xF0) {
                lower = 0x90; // no overlong four-byte forms
            } else if (u == 0xF4) {
                upper = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return false; // a stray continuation byte, C0, C1 or F5..FF
        }
        return true;
    }
}
