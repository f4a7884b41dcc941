package io.starling.loadtest.probe;

/** Text rules of a plugin status line: one line, and no {@code |} outside the perfdata separator. */
final class StatusText {
    private static final int MAX_REASON = 200;

    private StatusText() {
    }

    /** {@code text} flattened to one line without {@code |}, cut at 200 characters. */
    static String oneLine(String text) {
        String s = text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").replace('|', '/').trim();
        return s.length() > MAX_REASON ? s.substring(0, MAX_REASON) + "..." : s;
    }
}
