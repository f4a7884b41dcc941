package io.starling.presence.roster;

import java.util.Locale;

/**
 * The four subscription-related values of the presence {@code type} attribute (RFC 6121 §4.7.1, §3): the user asks
 * to see a contact ({@code subscribe}), lets a contact see the user ({@code subscribed}), stops seeing a contact
 * ({@code unsubscribe}), or stops a contact seeing the user, denies a request, or cancels a pre-approval
 * ({@code unsubscribed}).
 */
public enum SubscriptionType {
    SUBSCRIBE,
    SUBSCRIBED,
    UNSUBSCRIBE,
    UNSUBSCRIBED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The value of the presence {@code type} attribute. */
    public String wireName() {
        return wireName;
    }

    /**
     * The subscription type a presence {@code type} attribute names, or null for any other value (absent,
     * {@code unavailable}, {@code probe}, {@code error}, or unknown). Matching is exact: XML is case-sensitive.
     */
    public static SubscriptionType of(String presenceType) {
        if (presenceType == null) {
            return null;
        }
        for (SubscriptionType t : values()) {
            if (t.wireName.equals(presenceType)) {
                return t;
            }
        }
        return null;
    }
}
