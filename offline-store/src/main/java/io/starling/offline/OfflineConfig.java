package io.starling.offline;

/**
 * Settings of the offline-message module ({@code offline:} in the YAML file).
 *
 * @param quota     messages kept per member; once full, further messages to the member are refused with
 *                  {@code service-unavailable} (XEP-0160 §2). Default 1000
 * @param lanes     writer lanes: threads that store and take messages, each member's always on the same lane, in
 *                  order. Each holds at most one pooled database connection at a time, so keep it below
 *                  {@code database.pool-size}. Default 2
 * @param laneQueue messages and takes waiting per lane; past it senders get {@code resource-constraint} (RFC 6120
 *                  §8.3.3.18, type wait). Default 10000
 * @param batchSize most messages one lane commits in one transaction (group commit). Default 500
 */
public record OfflineConfig(int quota, int lanes, int laneQueue, int batchSize) {
    public OfflineConfig {
        atLeastOne("quota", quota);
        atLeastOne("lanes", lanes);
        if (lanes > 64) {
            throw new IllegalArgumentException("offline.lanes must be at most 64");
        }
        atLeastOne("lane-queue", laneQueue);
        atLeastOne("batch-size", batchSize);
        if (batchSize > 10_000) {
            throw new IllegalArgumentException("offline.batch-size must be at most 10000");
        }
    }

    public static OfflineConfig defaults() {
        return new OfflineConfig(1000, 2, 10_000, 500);
    }

    public OfflineConfig withQuota(int newQuota) {
        return new OfflineConfig(newQuota, lanes, laneQueue, batchSize);
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("offline." + key + " must be at least 1");
        }
    }
}
