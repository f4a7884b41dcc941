package io.starling.loadtest.session;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.starling.core.xml.XmlElement;

/** Picks the SASL mechanism: the requested one if offered, or with {@code auto} the strongest offered. */
public final class SaslChoice {
    private static final List<String> PREFERENCE = List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN");

    private SaslChoice() {
    }

    /** The mechanism to use, or null when none fits. */
    public static String choose(String requested, XmlElement mechanisms) {
        Set<String> offered = new HashSet<>();
        for (XmlElement m : mechanisms.elements()) {
            if (m.name().equals("mechanism") && m.text() != null) {
                offered.add(m.text().strip());
            }
        }
        return choose(requested, offered);
    }

    /** The mechanism to use among {@code offered}, or null when none fits. */
    public static String choose(String requested, Set<String> offered) {
        if (!requested.equals("auto")) {
            return offered.contains(requested) ? requested : null;
        }
        for (String m : PREFERENCE) {
            if (offered.contains(m)) {
                return m;
            }
        }
        return null;
    }
}
