package dev.infer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.pipeline.ReuseCounts;
import dev.infer.pipeline.RowKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCacheTest {
    private static final CacheScope SCOPE = new CacheScope(new byte[32], "default", "infer embed", "");

    @TempDir
    Path dir;

    private static Object[] vector(int i) {
        return new Object[] {new float[] {i, i / 3f, -i}};
    }

    /** A stored vector as read back: a view of the stored bits. */
    private static float[] floats(Object[] found) {
        return ((dev.infer.io.PackedFloats) found[0]).toArray();
    }

    private static RowKey key(int i) {
        return RowKey.of(SCOPE.digest(), "text " + i);
    }

    @Test
    void storedResultsSurviveReopeningAndTheFileIsAnInspectableWalDatabase() throws Exception {
        Path file = dir.resolve("c.cache");
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            SqliteCache.Store store = cache.store(SCOPE);
            for (int i = 0; i < 50; i++) {
                store.put(key(i), vector(i));
            }
            assertNull(store.find(key(1)), "not visible before the commit");
            store.commit();
            assertArrayEquals((float[]) vector(7)[0], floats(store.find(key(7))));
            cache.recordRun(store, 50, new ReuseCounts(0, 0, 50));
            store.close();
        }
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            SqliteCache.Store store = cache.store(SCOPE);
            assertArrayEquals((float[]) vector(49)[0], floats(store.find(key(49))));
            assertNull(store.find(key(50)));
            store.close();
            try (Statement s = cache.connection().createStatement()) {
                assertEquals("wal", single(s, "PRAGMA journal_mode"));
                assertEquals("ok", single(s, "PRAGMA integrity_check"));
                assertEquals("50", single(s, "SELECT count(*) FROM results"));
            }
        }
        CacheStats stats = CacheMaintenance.stats(file);
        assertEquals(50, stats.entries());
        assertEquals(1, stats.runs().size());
        assertEquals("infer embed", stats.scopes().get(0).command());
    }

    @Test
    void aFileThatIsNotAnInferCacheIsOneClearError() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.cache"), "this is not a database at all, just text\n".repeat(200)
                .getBytes(StandardCharsets.UTF_8));
        CacheException e = assertThrows(CacheException.class, () -> SqliteCache.open(garbage, w -> { }));
        assertEquals("cache " + garbage + " is not an SQLite database (nor an infer cache); pick another --cache file",
                e.getMessage(), "never advice to remove a file that may be someone's data");

        Path other = dir.resolve("other.db");
        try (Connection c = SqliteCache.connect(other, false); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE photos (id INTEGER)");
        }
        CacheException notOurs = assertThrows(CacheException.class, () -> SqliteCache.open(other, w -> { }));
        assertTrue(notOurs.getMessage().contains("is an SQLite database but not an infer cache"), notOurs.getMessage());

        CacheException folder = assertThrows(CacheException.class, () -> SqliteCache.open(dir, w -> { }));
        assertTrue(folder.getMessage().endsWith("is not a file"), folder.getMessage());
        CacheException noDir = assertThrows(CacheException.class,
                () -> SqliteCache.open(dir.resolve("missing/c.cache"), w -> { }));
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
    }

    @Test
    void aDamagedValueIsAnErrorNotAWrongAnswer() throws Exception {
        Path file = dir.resolve("c.cache");
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            SqliteCache.Store store = cache.store(SCOPE);
            store.put(key(1), vector(1));
            store.commit();
            byte[] value;
            try (Statement s = cache.connection().createStatement();
                 ResultSet r = s.executeQuery("SELECT value FROM results")) {
                r.next();
                value = r.getBytes(1);
            }
            value[9] ^= 1; // one bit of the stored floats, as a damaged disk would flip it
            try (var p = cache.connection().prepareStatement("UPDATE results SET value = ?")) {
                p.setBytes(1, value);
                p.executeUpdate();
            }
            CacheException e = assertThrows(CacheException.class, () -> store.find(key(1)));
            assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
            store.close();
        }
    }

    @Test
    void damagedPagesAreAnErrorToo() throws Exception {
        Path file = dir.resolve("c.cache");
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            SqliteCache.Store store = cache.store(SCOPE);
            for (int i = 0; i < 3000; i++) {
                store.put(key(i), vector(i));
            }
            store.commit();
            store.close();
            try (Statement s = cache.connection().createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4096 * 2; i < bytes.length; i += 7) {
            bytes[i] = (byte) 0xA5; // scribble over every page but the header and schema
        }
        Files.write(file, bytes);
        CacheException e = assertThrows(CacheException.class, () -> {
            try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
                SqliteCache.Store store = cache.store(SCOPE);
                for (int i = 0; i < 3000; i++) {
                    store.find(key(i));
                }
            }
        });
        assertTrue(e.getMessage().startsWith("cache " + file), e.getMessage());
    }

    @Test
    void twoWritersOnOneFileBothStoreAndNeitherCorruptsIt() throws Exception {
        Path file = dir.resolve("shared.cache");
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<String> warnings = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try (SqliteCache cache = SqliteCache.open(file, warnings::add)) {
                    SqliteCache.Store store = cache.store(SCOPE);
                    start.await();
                    for (int i = 0; i < 4000; i++) {
                        int k = writer == 0 ? i : 3999 - i; // overlapping keys, opposite order
                        store.put(key(k), vector(k));
                        if (i % 97 == 0) {
                            store.commit();
                        }
                        if (i % 13 == 0) {
                            store.find(key(i));
                        }
                    }
                    store.commit();
                    store.close();
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), errors);
        assertEquals(List.of(), warnings);
        try (SqliteCache cache = SqliteCache.open(file, w -> { }); Statement s = cache.connection().createStatement()) {
            assertEquals("ok", single(s, "PRAGMA integrity_check"));
            assertEquals("4000", single(s, "SELECT count(*) FROM results"));
            SqliteCache.Store store = cache.store(SCOPE);
            assertArrayEquals((float[]) vector(1234)[0], floats(store.find(key(1234))));
            store.close();
        }
    }

    @Test
    void aHitRefreshesItsLastUseOnlyWhenThatIsOlderThanTheGranularity() throws Exception {
        Path file = dir.resolve("c.cache");
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            SqliteCache.Store store = cache.store(SCOPE);
            for (int i = 0; i < 3; i++) {
                store.put(key(i), vector(i));
            }
            store.commit();
            long old = SqliteCache.now() - 2 * 3_600;
            try (Statement s = cache.connection().createStatement()) {
                s.executeUpdate("UPDATE results SET used = " + old); // last used two hours ago
            }
            store.find(key(0));
            store.used(key(0));
            assertEquals(1, store.pendingUses(), "a stale hit is written back");
            store.commit();
            try (Statement s = cache.connection().createStatement()) {
                s.executeUpdate("UPDATE results SET used = " + (SqliteCache.now() - 60) + " WHERE key = x'" + key(1)
                        + "'"); // key 1: used a minute ago
            }
            store.find(key(1));
            store.used(key(1));
            assertEquals(0, store.pendingUses(), "a fresh hit costs the writer nothing");
            store.commit();
            try (Statement s = cache.connection().createStatement()) {
                assertTrue(Long.parseLong(single(s, "SELECT used FROM results WHERE key = x'" + key(0) + "'"))
                        >= SqliteCache.now() - 60, "refreshed");
                assertEquals(String.valueOf(old), single(s, "SELECT used FROM results WHERE key = x'" + key(2) + "'"),
                        "not found, not touched");
            }
            store.close();
        }
    }

    @Test
    void pruneRemovesOldEntriesThenLeastRecentlyUsedOnesToFitTheSize() throws Exception {
        Path file = dir.resolve("c.cache");
        try (SqliteCache cache = SqliteCache.open(file, w -> { })) {
            SqliteCache.Store store = cache.store(SCOPE);
            for (int i = 0; i < 4000; i++) {
                store.put(key(i), new Object[] {new float[384]});
            }
            store.commit();
            store.close();
            try (Statement s = cache.connection().createStatement()) {
                long now = SqliteCache.now();
                s.executeUpdate("UPDATE results SET used = " + (now - 40 * 86_400)
                        + " WHERE key IN (SELECT key FROM results LIMIT 1000)");
            }
        }
        assertEquals(1000, CacheMaintenance.prune(file, 30L * 86_400, null));
        assertEquals(3000, CacheMaintenance.stats(file).entries());
        long limit = 2L * 1024 * 1024;
        long removed = CacheMaintenance.prune(file, null, limit);
        assertTrue(removed > 0, "over the size: entries removed");
        assertTrue(CacheMaintenance.diskBytes(file) <= limit, "fits: " + CacheMaintenance.diskBytes(file));
        try (SqliteCache cache = SqliteCache.open(file, w -> { }); Statement s = cache.connection().createStatement()) {
            assertEquals("ok", single(s, "PRAGMA integrity_check"));
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
