package io.starling.core.jid;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import rocks.xmpp.precis.PrecisProfiles;

/**
 * An RFC 7622 address, normalised on construction: localpart by the PRECIS UsernameCaseMapped profile (§3.3),
 * domainpart by IDNA2008 (§3.2), resourcepart by OpaqueString (§3.4). Each part is 1..1023 octets (§3.1).
 * Immutable; equality is on the normalised form.
 */
public final class Jid {
    private static final int MAX_PART_OCTETS = 1023;

    private final String local;
    private final String domain;
    private final String resource;
    private final String string;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
        StringBuilder sb = new StringBuilder();
        if (local != null) {
            sb.append(local).append('@');
        }
        sb.append(domain);
        if (resource != null) {
            sb.append('/').append(resource);
        }
        this.string = sb.toString();
    }

    /**
     * Parses and normalises a JID string (RFC 7622 §3.1: the first '/' separates the resource, the last '@'
     * before it the localpart).
     *
     * @throws JidFormatException if any part is empty, too long or not allowed by its profile
     */
    public static Jid parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new JidFormatException("empty JID");
        }
        int slash = value.indexOf('/');
        String bare = slash < 0 ? value : value.substring(0, slash);
        String resource = slash < 0 ? null : value.substring(slash + 1);
        int at = bare.lastIndexOf('@');
        String local = at < 0 ? null : bare.substring(0, at);
        String domain = at < 0 ? bare : bare.substring(at + 1);
        return of(local, domain, resource);
    }

    /** Parses like {@link #parse} but returns {@code null} for a null or malformed value. */
    public static Jid parseOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return parse(value);
        } catch (JidFormatException e) {
            return null;
        }
    }

    public static Jid of(String local, String domain, String resource) {
        return new Jid(normaliseLocal(local), normaliseDomain(domain), normaliseResource(resource));
    }

    public static Jid domain(String domain) {
        return of(null, domain, null);
    }

    private static String normaliseLocal(String local) {
        if (local == null) {
            return null;
        }
        String out = enforce(local, "localpart", true);
        // RFC 7622 §3.3.1: these characters are disallowed in a localpart.
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '"' || c == '&' || c == '\'' || c == '/' || c == ':' || c == '<' || c == '>' || c == '@') {
                throw new JidFormatException("localpart contains '" + c + "'");
            }
        }
        return checkLength(out, "localpart");
    }

    private static String normaliseDomain(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new JidFormatException("empty domainpart");
        }
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain; // §3.2: trailing dot
        if (d.isEmpty()) {
            throw new JidFormatException("empty domainpart");
        }
        if (d.startsWith("[") && d.endsWith("]")) {
            return checkLength(d, "domainpart"); // IPv6 literal
        }
        String out;
        try {
            out = PrecisProfiles.IDN.enforce(d);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException("domainpart: " + e.getMessage());
        }
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c <= ' ' || c == '@' || c == '/' || c == '<' || c == '>' || c == '\'' || c == '"' || c == '&') {
                throw new JidFormatException("domainpart contains an illegal character");
            }
        }
        return checkLength(out, "domainpart");
    }

    private static String normaliseResource(String resource) {
        if (resource == null) {
            return null;
        }
        return checkLength(enforce(resource, "resourcepart", false), "resourcepart");
    }

    private static String enforce(String value, String what, boolean username) {
        if (value.isEmpty()) {
            throw new JidFormatException("empty " + what);
        }
        try {
            return username ? PrecisProfiles.USERNAME_CASE_MAPPED.enforce(value)
                    : PrecisProfiles.OPAQUE_STRING.enforce(value);
        } catch (IllegalArgumentException e) {
            throw new JidFormatException(what + ": " + e.getMessage());
        }
    }

    private static String checkLength(String part, String what) {
        if (part.isEmpty() || part.getBytes(StandardCharsets.UTF_8).length > MAX_PART_OCTETS) {
            throw new JidFormatException(what + " must be 1 to 1023 octets");
        }
        return part;
    }

    public String local() {
        return local;
    }

    public String domain() {
        return domain;
    }

    public String resource() {
        return resource;
    }

    public boolean isBare() {
        return resource == null;
    }

    public boolean isDomain() {
        return local == null && resource == null;
    }

    public Jid asBare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    /** This JID with another resource; the resource is normalised. */
    public Jid withResource(String newResource) {
        return new Jid(local, domain, normaliseResource(newResource));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jid j && j.string.equals(string);
    }

    @Override
    public int hashCode() {
        return string.hashCode();
    }

    @Override
    public String toString() {
        return string;
    }
}
