package io.starling.presence;

/**
 * Settings of the presence module ({@code presence:} in the YAML file).
 *
 * @param maxRosterItems       listed roster items per member; a roster set or subscription past it is refused with
 *                             {@code not-allowed} (RFC 6121 §2.3.3). Default 5000
 * @param maxGroupNameLength   characters in a roster group name; longer is {@code not-acceptable}. Default 256
 * @param stripes              presence lanes; each member's presence work runs on one, in order. Default 0,
 *                             meaning twice the number of cores
 * @param stripeQueue          queued tasks per lane before callers get {@code resource-constraint}. A session's start
 *                             and end, and one unavailable presence per session, are queued past it: they must not be
 *                             lost, and there are at most that many per session. Default 10000
 * @param cachedOfflineMembers roster and block list of members without sessions kept in memory per lane, so that
 *                             messages to them are checked against their block list without a query. Default 2000
 */
public record PresenceConfig(int maxRosterItems, int maxGroupNameLength, int stripes, int stripeQueue,
                             int cachedOfflineMembers) {
    public PresenceConfig {
        positive("max-roster-items", maxRosterItems);
        positive("max-group-name-length", maxGroupNameLength);
        if (stripes < 0) {
            throw new IllegalArgumentException("presence.stripes must be 0 (twice the cores) or more");
        }
        positive("stripe-queue", stripeQueue);
        if (cachedOfflineMembers < 0) {
            throw new IllegalArgumentException("presence.cached-offline-members must be 0 or more");
        }
    }

    public static PresenceConfig defaults() {
        return new PresenceConfig(5000, 256, 0, 10_000, 2000);
    }

    /** The number of lanes to run: {@link #stripes()}, or twice the cores when that is 0. */
    public int effectiveStripes() {
        return stripes > 0 ? stripes : 2 * Runtime.getRuntime().availableProcessors();
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("presence." + key + " must be at least 1");
        }
    }
}
