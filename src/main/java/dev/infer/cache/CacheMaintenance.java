package dev.infer.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** {@code infer cache stats} and {@code infer cache prune}: reading and trimming a cache file. */
public final class CacheMaintenance {
    private static final int HISTORY = 10;

    private CacheMaintenance() {
    }

    /** @throws CacheException when the file is missing or not a usable cache */
    public static CacheStats stats(Path file) {
        requireExisting(file);
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            Connection c = cache.connection();
            List<CacheStats.Scope> scopes = new ArrayList<>();
            long entries = 0;
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT s.model, s.command, s.options, count(r.key),"
                         + " coalesce(sum(length(r.value)), 0), coalesce(max(r.used), 0)"
                         + " FROM scopes s JOIN results r ON r.scope = s.id GROUP BY s.id ORDER BY count(r.key) DESC")) {
                while (r.next()) {
                    scopes.add(new CacheStats.Scope(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                            r.getLong(5), r.getLong(6)));
                    entries += r.getLong(4);
                }
            }
            List<CacheStats.Run> runs = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT u.finished, s.model, s.command, u.rows, u.hits, u.repeats, u.added"
                         + " FROM runs u JOIN scopes s ON s.id = u.scope ORDER BY u.id DESC LIMIT " + HISTORY)) {
                while (r.next()) {
                    runs.add(new CacheStats.Run(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4),
                            r.getLong(5), r.getLong(6), r.getLong(7)));
                }
            }
            return new CacheStats(diskBytes(file), entries, scopes, runs);
        } catch (SQLException e) {
            throw SqliteCache.unusable(file, e);
        }
    }

    /**
     * Removes entries unused for longer than {@code olderThanSeconds} (if given), then the least recently
     * used ones until the file fits in {@code maxBytes} (if given), and compacts the file.
     *
     * @return entries removed
     */
    public static long prune(Path file, Long olderThanSeconds, Long maxBytes) {
        requireExisting(file);
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            Connection c = cache.connection();
            long removed = 0;
            if (olderThanSeconds != null) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM results WHERE used < ?")) {
                    p.setLong(1, SqliteCache.now() - olderThanSeconds);
                    removed += p.executeUpdate();
                }
            }
            if (maxBytes != null) {
                long count = count(c);
                long used = usedBytes(c);
                if (used > maxBytes && count > 0) {
                    double perEntry = (double) used / count;
                    long keep = (long) Math.floor(maxBytes * 0.95 / perEntry); // B-tree overhead: leave room
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM results WHERE key IN (SELECT key FROM"
                            + " results ORDER BY used ASC, created ASC LIMIT ?)")) {
                        p.setLong(1, Math.max(0, count - keep));
                        removed += p.executeUpdate();
                    }
                }
            }
            compact(c, removed > 0);
            // The size per entry was an estimate: while the file is still too large, drop a quarter more.
            for (int round = 0; maxBytes != null && round < 8 && CacheMaintenance.diskBytes(file) > maxBytes; round++) {
                long count = count(c);
                if (count == 0) {
                    break; // an empty cache (its schema) cannot get smaller
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM results WHERE key IN (SELECT key FROM"
                        + " results ORDER BY used ASC, created ASC LIMIT ?)")) {
                    p.setLong(1, Math.max(1, count / 4));
                    removed += p.executeUpdate();
                }
                compact(c, true);
            }
            return removed;
        } catch (SQLException e) {
            throw SqliteCache.unusable(file, e);
        }
    }

    private static void compact(Connection c, boolean vacuum) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM scopes WHERE id NOT IN (SELECT DISTINCT scope FROM results)"
                    + " AND id NOT IN (SELECT DISTINCT scope FROM runs)");
            if (vacuum) {
                s.executeUpdate("VACUUM"); // deleted pages only become free space; this gives them back
            }
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    public static long diskBytes(Path file) {
        long bytes = 0;
        for (Path p : List.of(file, Path.of(file + "-wal"))) {
            try {
                bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
            } catch (java.io.IOException ignored) {
                // a log that vanished in between holds nothing
            }
        }
        return bytes;
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM results")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /** Bytes of the pages in use (the file's size once compacted). */
    private static long usedBytes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long pages = single(s, "PRAGMA page_count");
            long free = single(s, "PRAGMA freelist_count");
            long size = single(s, "PRAGMA page_size");
            return (pages - free) * size;
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static void requireExisting(Path file) {
        if (!Files.exists(file)) {
            throw new CacheException("cache " + file + " does not exist");
        }
    }
}
