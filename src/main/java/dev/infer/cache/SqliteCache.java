package dev.infer.cache;

import dev.infer.pipeline.ReuseCounts;
import dev.infer.pipeline.ResultStore;
import dev.infer.pipeline.RowKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * infer's {@code --cache FILE}: an SQLite database (WAL mode) of row results keyed by {@link RowKey}.
 *
 * <p>Safety: every write is one transaction from the pipeline's writer thread, so a kill at any moment
 * leaves the file as of the last commit (SQLite's WAL guarantees it); a stored result is only ever a
 * correct one, so a resumed or later run may use whatever is there. Other processes may use the same
 * file at once: readers never block, writers wait up to {@link #BUSY_TIMEOUT_MS} for each other, and a
 * results row is inserted or ignored, never changed. A file that is not an infer cache, or whose
 * contents are damaged, is a {@link CacheException}; a stored value carries a checksum.
 */
public final class SqliteCache implements AutoCloseable {
    public static final int SCHEMA = 1;
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** Results held before a commit is forced (bounds memory between output commits). */
    private static final int MAX_PENDING = 2_000;
    /**
     * Address space the lookups map the file into: only pages read are paged in (they count in the RSS as the
     * file's cached pages, which the system can reclaim); past it, pages are read as before.
     */
    private static final long READ_MMAP_BYTES = 256L << 20;
    /**
     * Lookups per read transaction: one snapshot serves this many (each transaction of its own would take and
     * drop the WAL's read lock, a few system calls per row); short enough that checkpoints are never held back.
     */
    private static final int FINDS_PER_SNAPSHOT = 256;
    /** A hit refreshes the entry's last-use time only when it is older than this (fewer writes). */
    private static final long USED_GRANULARITY_S = 3_600;

    private final Path file;
    private final Connection write;
    private final Consumer<String> warn;

    private SqliteCache(Path file, Connection write, Consumer<String> warn) {
        this.file = file;
        this.write = write;
        this.warn = warn;
    }

    /**
     * Opens (or creates) a cache file and checks it is one.
     *
     * @param warn receives one-line warnings (another process held the file too long)
     * @throws CacheException when the file cannot be used
     */
    public static SqliteCache open(Path file, Consumer<String> warn) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new CacheException("cache " + file + " is not a file");
        }
        if (Files.exists(file) && (!Files.isReadable(file) || !Files.isWritable(file))) {
            throw new CacheException("cannot read and write the cache file " + file + " (check its permissions)");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CacheException("cannot create the cache " + file + ": folder " + parent + " does not exist");
        }
        Connection c = null;
        try {
            c = connect(file, false);
            SqliteCache cache = new SqliteCache(file, c, warn);
            cache.prepareSchema();
            return cache;
        } catch (SQLException e) {
            closeQuietly(c);
            throw unusable(file, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    static Connection connect(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        if (readOnly) {
            // lookups: pages read through a memory map (no read() per page), transactions that never ask for the
            // write lock
            config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
            config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(READ_MMAP_BYTES));
        } else {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE); // take the write lock up front
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // with WAL: consistent after any crash
        }
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    private void prepareSchema() throws SQLException {
        try (Statement s = write.createStatement()) {
            boolean hasMeta;
            int tables;
            try (ResultSet r = s.executeQuery("SELECT count(*), sum(name = 'meta') FROM sqlite_master WHERE type = 'table'")) {
                r.next();
                tables = r.getInt(1);
                hasMeta = r.getInt(2) > 0;
            }
            if (!hasMeta && tables > 0) {
                throw new CacheException("cache " + file + " is an SQLite database but not an infer cache;"
                        + " pick another --cache file");
            }
            if (!hasMeta) {
                write.setAutoCommit(false);
                try {
                    s.executeUpdate("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
                    s.executeUpdate("CREATE TABLE IF NOT EXISTS scopes (id INTEGER PRIMARY KEY, digest BLOB NOT NULL"
                            + " UNIQUE, model TEXT NOT NULL, command TEXT NOT NULL, options TEXT NOT NULL,"
                            + " created INTEGER NOT NULL)");
                    s.executeUpdate("CREATE TABLE IF NOT EXISTS results (key BLOB PRIMARY KEY, scope INTEGER NOT NULL,"
                            + " value BLOB NOT NULL, created INTEGER NOT NULL, used INTEGER NOT NULL) WITHOUT ROWID");
                    s.executeUpdate("CREATE INDEX IF NOT EXISTS results_used ON results (used)");
                    s.executeUpdate("CREATE INDEX IF NOT EXISTS results_scope ON results (scope)");
                    s.executeUpdate("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, scope INTEGER NOT NULL,"
                            + " finished INTEGER NOT NULL, rows INTEGER NOT NULL, hits INTEGER NOT NULL,"
                            + " repeats INTEGER NOT NULL, added INTEGER NOT NULL)");
                    s.executeUpdate("INSERT OR IGNORE INTO meta VALUES ('schema', '" + SCHEMA + "')");
                    s.executeUpdate("INSERT OR IGNORE INTO meta VALUES ('created', '" + now() + "')");
                    write.commit();
                } catch (SQLException e) {
                    write.rollback();
                    throw e;
                } finally {
                    write.setAutoCommit(true);
                }
            }
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE name = 'schema'")) {
                String v = r.next() ? r.getString(1) : null;
                if (!String.valueOf(SCHEMA).equals(v)) {
                    throw new CacheException("cache " + file + " was written by another version of infer (schema "
                            + v + ", this infer reads " + SCHEMA + "); pick another --cache file");
                }
            }
        }
    }

    /** Registers a run's scope and returns its store; also the id for {@link #recordRun}. */
    public Store store(CacheScope scope) {
        try {
            long id;
            try (PreparedStatement p = write.prepareStatement(
                    "INSERT OR IGNORE INTO scopes (digest, model, command, options, created) VALUES (?, ?, ?, ?, ?)")) {
                p.setBytes(1, scope.digest());
                p.setString(2, scope.model());
                p.setString(3, scope.command());
                p.setString(4, scope.options());
                p.setLong(5, now());
                p.executeUpdate();
            }
            try (PreparedStatement p = write.prepareStatement("SELECT id FROM scopes WHERE digest = ?")) {
                p.setBytes(1, scope.digest());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new CacheException("cache " + file + " lost a row it just wrote; it is damaged");
                    }
                    id = r.getLong(1);
                }
            }
            Connection read = connect(file, true);
            try {
                return new Store(id, read);
            } catch (SQLException e) {
                closeQuietly(read);
                throw e;
            }
        } catch (SQLException e) {
            throw unusable(file, e);
        }
    }

    /** Adds a line to the cache's run history ({@code infer cache stats}). */
    public void recordRun(Store store, long rows, ReuseCounts counts) {
        try (PreparedStatement p = write.prepareStatement(
                "INSERT INTO runs (scope, finished, rows, hits, repeats, added) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, store.scopeId);
            p.setLong(2, now());
            p.setLong(3, rows);
            p.setLong(4, counts.cacheHits());
            p.setLong(5, counts.repeats());
            p.setLong(6, counts.cacheAdded());
            p.executeUpdate();
        } catch (SQLException e) {
            if (busy(e)) {
                warn.accept("the cache " + file + " stayed locked by another process; this run is not in its history");
            } else {
                throw unusable(file, e);
            }
        }
    }

    public Path file() {
        return file;
    }

    Connection connection() {
        return write;
    }

    @Override
    public void close() {
        closeQuietly(write);
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static boolean busy(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == 5 || code == 6; // SQLITE_BUSY, SQLITE_LOCKED
    }

    static CacheException unusable(Path file, SQLException e) {
        int code = e.getErrorCode() & 0xff;
        // Removing is advice only for a damaged cache: a file that is not one may be someone's data, and a
        // locked or unopenable one is still in use or fine.
        String why = switch (code) {
            case 26 -> "is not an SQLite database (nor an infer cache); pick another --cache file";
            case 11 -> "is damaged (" + firstLine(e) + "); pick another --cache file, or remove this one if it"
                    + " is an infer cache";
            case 5, 6 -> "stayed locked by another process for " + BUSY_TIMEOUT_MS / 1000 + " s; pick another"
                    + " --cache file or try again later";
            case 8, 14, 10 -> "cannot be opened or written (" + firstLine(e) + "); pick another --cache file";
            default -> "cannot be used (" + firstLine(e) + "); pick another --cache file";
        };
        return new CacheException("cache " + file + " " + why, e);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing after a failure: the first error is the one to report
            }
        }
    }

    /**
     * One run's view of the cache: looks up from one thread (its own read-only connection), stores from
     * another (the cache's connection), as {@link ResultStore} asks.
     */
    public final class Store implements ResultStore, AutoCloseable {
        private final long scopeId;
        private final Connection read;
        private PreparedStatement find;
        private final List<RowKey> pendingKeys = new ArrayList<>();
        private final List<byte[]> pendingValues = new ArrayList<>();
        private final List<RowKey> usedKeys = new ArrayList<>();
        /**
         * Hits whose last use is older than the refresh granularity, found by the reader thread: only their
         * use is written back, so a warm run of fresh entries costs the writer thread no lookups at all.
         */
        private final java.util.Set<RowKey> staleHits = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private boolean warned;

        private int findsInSnapshot;
        private long snapshotOf;                                   // reader thread: the commits it sees
        private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

        private Store(long scopeId, Connection read) throws SQLException {
            this.scopeId = scopeId;
            this.read = read;
            read.setAutoCommit(false); // a read transaction spans FINDS_PER_SNAPSHOT lookups
        }

        @Override
        public Object[] find(RowKey key) {
            try {
                if (find == null) {
                    find = read.prepareStatement("SELECT value, used FROM results WHERE key = ?");
                }
                long committed = commits.get();
                if (++findsInSnapshot > FINDS_PER_SNAPSHOT || committed != snapshotOf) {
                    // a newer snapshot: what this store committed is visible at once, other processes' soon
                    read.commit();
                    findsInSnapshot = 1;
                    snapshotOf = committed;
                }
                find.setBytes(1, key.bytes());
                try (ResultSet r = find.executeQuery()) {
                    if (!r.next()) {
                        return null;
                    }
                    Object[] values = ValueCodec.decode(r.getBytes(1));
                    if (r.getLong(2) < now() - USED_GRANULARITY_S) {
                        staleHits.add(key);
                    }
                    return values;
                }
            } catch (SQLException e) {
                throw unusable(file, e);
            } catch (IllegalArgumentException e) {
                throw new CacheException("cache " + file + " is damaged (" + e.getMessage()
                        + "); pick another --cache file or remove this one", e);
            }
        }

        @Override
        public void put(RowKey key, Object[] values) {
            pendingKeys.add(key);
            pendingValues.add(ValueCodec.encode(values));
            if (pendingKeys.size() >= MAX_PENDING) {
                commit();
            }
        }

        @Override
        public void used(RowKey key) {
            if (!staleHits.remove(key)) {
                return; // used within the granularity: the UPDATE below would change nothing
            }
            usedKeys.add(key);
            if (usedKeys.size() >= MAX_PENDING) {
                commit();
            }
        }

        /** Uses waiting for the next commit (tests). */
        int pendingUses() {
            return usedKeys.size();
        }

        @Override
        public void commit() {
            if (pendingKeys.isEmpty() && usedKeys.isEmpty()) {
                return;
            }
            long now = now();
            try {
                write.setAutoCommit(false); // BEGIN IMMEDIATE: one transaction per commit
                try {
                    try (PreparedStatement p = write.prepareStatement(
                            "INSERT OR IGNORE INTO results (key, scope, value, created, used) VALUES (?, ?, ?, ?, ?)")) {
                        for (int i = 0; i < pendingKeys.size(); i++) {
                            p.setBytes(1, pendingKeys.get(i).bytes());
                            p.setLong(2, scopeId);
                            p.setBytes(3, pendingValues.get(i));
                            p.setLong(4, now);
                            p.setLong(5, now);
                            p.addBatch();
                        }
                        p.executeBatch();
                    }
                    try (PreparedStatement p = write.prepareStatement(
                            "UPDATE results SET used = ? WHERE key = ? AND used < ?")) {
                        for (RowKey k : usedKeys) {
                            p.setLong(1, now);
                            p.setBytes(2, k.bytes());
                            p.setLong(3, now - USED_GRANULARITY_S);
                            p.addBatch();
                        }
                        p.executeBatch();
                    }
                    write.commit();
                    commits.incrementAndGet();
                } catch (SQLException e) {
                    try {
                        write.rollback();
                    } catch (SQLException ignored) {
                        // the first error tells
                    }
                    throw e;
                } finally {
                    write.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!busy(e)) {
                    throw unusable(file, e);
                }
                if (!warned) {
                    warned = true; // the output is right either way; only the cache misses these results
                    warn.accept("the cache " + file + " stayed locked by another process for "
                            + BUSY_TIMEOUT_MS / 1000 + " s; some results of this run were not stored");
                }
            } finally {
                pendingKeys.clear();
                pendingValues.clear();
                usedKeys.clear();
            }
        }

        @Override
        public void close() {
            try {
                if (find != null) {
                    find.close();
                }
            } catch (SQLException ignored) {
                // closing
            }
            closeQuietly(read);
        }
    }
}
