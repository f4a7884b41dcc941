package io.starling.core.sasl;

import java.util.Base64;

/** The base64 text of SASL elements (RFC 6120 §6.4.2). */
public final class SaslEncoding {
    private SaslEncoding() {
    }

    /**
     * Decodes the text of {@code <auth/>} or {@code <response/>}: {@code null} for no text (no initial response),
     * an empty array for {@code =}, else the base64-decoded bytes. Whitespace is ignored.
     *
     * @throws IncorrectEncodingException if the text is not base64: answer {@link SaslFailure#INCORRECT_ENCODING}
     */
    public static byte[] decode(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder compact = new StringBuilder(text.length());
        text.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(compact::appendCodePoint);
        if (compact.isEmpty()) {
            return null;
        }
        if (compact.length() == 1 && compact.charAt(0) == '=') {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(compact.toString()); // rejects anything outside the alphabet
        } catch (IllegalArgumentException e) {
            throw new IncorrectEncodingException();
        }
    }

    /** The element text for {@code data}: {@code null} → no text, empty → {@code =}, else base64. */
    public static String encode(byte[] data) {
        if (data == null) {
            return null;
        }
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }

    /** Base64 that is not: maps to {@link SaslFailure#INCORRECT_ENCODING}. Expected, so stackless. */
    public static final class IncorrectEncodingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public IncorrectEncodingException() {
            super("incorrect base64 encoding");
        }

        @Override
        public synchronized Throwable fillInStackTrace() { // NOSONAR: expected protocol error
            return this;
        }

        public SaslFailure condition() {
            return SaslFailure.INCORRECT_ENCODING;
        }
    }
}
