package io.starling.server.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark setup, not server code: writes rosters with mutual {@code BOTH} subscriptions straight into the
 * {@code roster_items} and {@code roster_versions} tables (presence migration V1) of a running server's embedded
 * PostgreSQL, found as {@link BenchUsers} finds it. Rosters are read when a member's first session binds, so run
 * this before the members connect. Existing rows are kept ({@code ON CONFLICT DO NOTHING}).
 *
 * <p>Usage:
 * <ul>
 *   <li>{@code BenchRosters DATA_DIR star HUB CONTACT_PREFIX N}: {@code HUB} has {@code <prefix>1..<prefix>N} as
 *       contacts and each of them has {@code HUB}.</li>
 *   <li>{@code BenchRosters DATA_DIR ring PREFIX N K}: member {@code i} of {@code <prefix>1..<prefix>N} has the
 *       {@code K} members nearest to it on a ring ({@code K/2} each side) as contacts, so every link is mutual.</li>
 * </ul>
 */
public final class BenchRosters {
    private static final String DOMAIN = "localhost";
    private static final String INSERT_ITEM = "INSERT INTO roster_items (owner, contact, name, groups, state, approved, "
            + "listed) VALUES (?, ?, NULL, '{}', 'BOTH', false, true) ON CONFLICT DO NOTHING";
    private static final String INSERT_VERSION = "INSERT INTO roster_versions (owner, version) VALUES (?, 1) "
            + "ON CONFLICT DO NOTHING";

    private BenchRosters() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        List<String[]> links = new ArrayList<>(); // owner, contact
        switch (args[1]) {
            case "star" -> {
                String hub = args[2];
                String prefix = args[3];
                int n = Integer.parseInt(args[4]);
                for (int i = 1; i <= n; i++) {
                    links.add(new String[] {hub, prefix + i});
                    links.add(new String[] {prefix + i, hub});
                }
            }
            case "ring" -> {
                String prefix = args[2];
                int n = Integer.parseInt(args[3]);
                int k = Integer.parseInt(args[4]);
                if (k % 2 != 0 || k >= n) {
                    throw new IllegalArgumentException("K must be even and below N");
                }
                for (int i = 0; i < n; i++) {
                    for (int d = 1; d <= k / 2; d++) {
                        links.add(new String[] {prefix + (i + 1), prefix + (Math.floorMod(i + d, n) + 1)});
                        links.add(new String[] {prefix + (i + 1), prefix + (Math.floorMod(i - d, n) + 1)});
                    }
                }
            }
            default -> throw new IllegalArgumentException("star or ring");
        }
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        int port = Integer.parseInt(pid.get(3).strip());
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?reWriteBatchedInserts=true", "postgres", null)) {
            c.setAutoCommit(false);
            java.util.Set<String> owners = new java.util.TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement(INSERT_ITEM)) {
                for (String[] link : links) {
                    owners.add(link[0]);
                    ps.setString(1, link[0] + "@" + DOMAIN);
                    ps.setString(2, link[1] + "@" + DOMAIN);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_VERSION)) {
                for (String owner : owners) {
                    ps.setString(1, owner + "@" + DOMAIN);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            System.out.printf("rosters: %d items for %d owners in %d ms%n", links.size(), owners.size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
