package dev.infer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import dev.infer.io.RowFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Computing each text once: repeats and stored results skip the model, and the output never changes. */
class RowReuseTest {
    private static final int ROWS = 600;
    private static final int DISTINCT = 90;

    /** Rows drawn from {@code distinct} texts; a text's fake result depends on the text alone. */
    private static List<Row> repeatedRows(int n, int distinct, long seed) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = r.nextInt(distinct);
            String t = Fakes.text(id, 1 + id % 37);
            rows.add(Row.ok(i, i + 2, new RowFields.Delimited(Fakes.HEADER, new String[] {t}), t));
        }
        return rows;
    }

    private static Fakes.Run run(Fakes.FakeTask task, PipelineConfig config, Reuse reuse, List<Row> rows)
            throws InterruptedException {
        Fakes.Run run = Fakes.run(new Pipeline(task, config, reuse), new Fakes.ListReader(rows));
        if (run.failure != null) {
            throw run.failure;
        }
        return run;
    }

    private static void assertSameOutput(Fakes.Run expected, Fakes.Run actual, String what) {
        assertEquals(expected.writer.rows.size(), actual.writer.rows.size(), what);
        for (int i = 0; i < expected.writer.rows.size(); i++) {
            Fakes.Written e = expected.writer.rows.get(i);
            Fakes.Written a = actual.writer.rows.get(i);
            assertEquals(e.index(), a.index(), what + ": order");
            assertArrayEquals(e.values(), a.values(), what + ": row " + e.index());
            assertEquals(e.error(), a.error(), what + ": row " + e.index());
        }
    }

    private static long rowsComputed(Fakes.FakeTask task) {
        return task.callsSnapshot().stream().mapToLong(List::size).sum();
    }

    @Test
    void repeatsSkipTheModelAndTheOutputIsTheSameAtAnyThreadCount() throws Exception {
        List<Row> rows = repeatedRows(ROWS, DISTINCT, 1);
        long distinct = rows.stream().map(Row::text).distinct().count();
        Fakes.Run plain = run(Fakes.FakeTask.echo(), Fakes.config(1, 1, 2, 8), Reuse.NONE, rows);
        for (int threads : new int[] {1, 2, 4}) {
            Fakes.FakeTask task = Fakes.FakeTask.slowRandom(200);
            Pipeline p = new Pipeline(task, Fakes.config(threads, 1, 2, 8), new Reuse(10_000, new byte[0], null));
            Fakes.Run run = Fakes.run(p, new Fakes.ListReader(rows));
            assertSameOutput(plain, run, threads + " threads");
            assertEquals(distinct, rowsComputed(task), "each text computed once");
            assertEquals(ROWS - distinct, p.reuseCounts().repeats());
        }
    }

    @Test
    void batchedRunsKeepBatchCompositionAFunctionOfTheInput() throws Exception {
        List<Row> rows = repeatedRows(ROWS, DISTINCT, 2);
        Set<Set<Long>> first = null;
        Fakes.Run firstRun = null;
        for (int threads : new int[] {1, 3}) {
            for (int round = 0; round < 2; round++) {
                Fakes.FakeTask task = Fakes.FakeTask.slowRandom(300);
                Fakes.Run run = run(task, Fakes.config(threads, 4, 2, 64), new Reuse(10_000, new byte[0], null), rows);
                if (first == null) {
                    first = task.callSets();
                    firstRun = run;
                } else {
                    assertEquals(first, task.callSets(), "same batches at " + threads + " threads");
                    assertSameOutput(firstRun, run, threads + " threads, batched");
                }
            }
        }
    }

    /**
     * A resumed batched run replays its window and skips those before: a repeat of a row in an earlier
     * window is computed in every run, so the resumed window's batches are the uninterrupted run's (the
     * numbers of a batch-sensitive model depend on them; an int8 embed run resumed after kill -9 differed
     * from row 2,049 on before this rule).
     */
    @Test
    void aResumedBatchedRunBatchesItsWindowsAsAnUninterruptedRunDoes() throws Exception {
        List<Row> rows = repeatedRows(ROWS, DISTINCT, 6);
        PipelineConfig batched = Fakes.config(1, 4, 2, 64); // one worker: calls in queue order, window by window
        Fakes.FakeTask whole = Fakes.FakeTask.echo();
        Fakes.Run uninterrupted = run(whole, batched, new Reuse(10_000, new byte[0], null), rows);
        List<List<Long>> all = whole.callsSnapshot();
        for (long startRow : new long[] {64, 200, 511}) { // a window's first row, inside one, its last
            Fakes.FakeTask resumed = Fakes.FakeTask.echo();
            Fakes.Run run = run(resumed, batched.withStartRow(startRow), new Reuse(10_000, new byte[0], null), rows);
            List<List<Long>> tail = resumed.callsSnapshot();
            assertTrue(tail.size() < all.size(), "the resumed run replays only its windows");
            assertEquals(all.subList(all.size() - tail.size(), all.size()), tail,
                    "the same batches from the window of row " + startRow + " on");
            assertEquals(ROWS - startRow, run.writer.rows.size());
            assertEquals(uninterrupted.writer.rows.subList((int) startRow, ROWS).stream().map(Fakes.Written::index).toList(),
                    run.writer.rows.stream().map(Fakes.Written::index).toList());
        }
    }

    @Test
    void aSmallCapacityForgetsOldTextsButNeverChangesTheOutput() throws Exception {
        List<Row> rows = repeatedRows(ROWS, DISTINCT, 3);
        Fakes.Run plain = run(Fakes.FakeTask.echo(), Fakes.config(2, 1, 2, 8), Reuse.NONE, rows);
        Fakes.FakeTask task = Fakes.FakeTask.slowRandom(100);
        Pipeline p = new Pipeline(task, Fakes.config(2, 1, 2, 8), new Reuse(7, new byte[0], null));
        Fakes.Run run = Fakes.run(p, new Fakes.ListReader(rows));
        assertSameOutput(plain, run, "capacity 7");
        assertEquals(expectedRepeats(rows, 7), p.reuseCounts().repeats(), "an LRU of the 7 latest texts");
        assertEquals(ROWS - p.reuseCounts().repeats(), rowsComputed(task));
    }

    /** The rule, simulated: a repeat is a text among the {@code capacity} most recently seen ones. */
    private static long expectedRepeats(List<Row> rows, int capacity) {
        Lru<String, Boolean> lru = new Lru<>(capacity);
        long repeats = 0;
        for (Row r : rows) {
            if (lru.get(r.text()) != null) {
                repeats++;
            } else {
                lru.put(r.text(), true);
            }
        }
        return repeats;
    }

    @Test
    void aRepeatOfAFailedRowFailsWithTheSameReason() throws Exception {
        List<Row> rows = repeatedRows(200, 20, 4);
        long poisonedText = 5; // FakeTask keys on the number in the text
        Fakes.Run plain = run(Fakes.FakeTask.poison(Set.of(poisonedText)), Fakes.config(2, 1, 2, 8), Reuse.NONE, rows);
        Fakes.Run run = run(Fakes.FakeTask.poison(Set.of(poisonedText)), Fakes.config(2, 1, 2, 8),
                new Reuse(100, new byte[0], null), rows);
        assertSameOutput(plain, run, "with a failing text");
        assertTrue(run.failedRows.size() > 1, "the text is repeated");
    }

    @Test
    void storedResultsAreReadInsteadOfComputedAndNewOnesAreStored() throws Exception {
        List<Row> rows = repeatedRows(ROWS, DISTINCT, 5);
        long distinct = rows.stream().map(Row::text).distinct().count();
        MapStore store = new MapStore();
        byte[] scope = {1, 2, 3};
        Fakes.Run plain = run(Fakes.FakeTask.echo(), Fakes.config(2, 1, 2, 8), Reuse.NONE, rows);

        Fakes.FakeTask cold = Fakes.FakeTask.echo();
        Pipeline first = new Pipeline(cold, Fakes.config(2, 1, 2, 8), new Reuse(10_000, scope, store));
        assertSameOutput(plain, Fakes.run(first, new Fakes.ListReader(rows)), "cold");
        assertEquals(distinct, store.map.size());
        assertEquals(distinct, first.reuseCounts().cacheAdded());
        assertTrue(store.commits.get() > 0, "stored results are committed");

        Fakes.FakeTask warm = Fakes.FakeTask.echo();
        Pipeline second = new Pipeline(warm, Fakes.config(2, 1, 2, 8), new Reuse(0, scope, store)); // no dedupe
        assertSameOutput(plain, Fakes.run(second, new Fakes.ListReader(rows)), "warm");
        assertEquals(0, rowsComputed(warm), "every row read from the store");
        assertEquals(ROWS, second.reuseCounts().cacheHits());

        Fakes.FakeTask other = Fakes.FakeTask.echo();
        run(other, Fakes.config(2, 1, 2, 8), new Reuse(10_000, new byte[] {9}, store), rows);
        assertEquals(distinct, rowsComputed(other), "another scope (model, options) is a miss");
    }

    @Test
    void keysDependOnScopeAndText() {
        RowKey a = RowKey.of(new byte[] {1}, "hello");
        assertEquals(a, RowKey.of(new byte[] {1}, "hello"));
        assertTrue(!a.equals(RowKey.of(new byte[] {2}, "hello")));
        assertTrue(!a.equals(RowKey.of(new byte[] {1}, "hello ")));
        Set<RowKey> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(RowKey.of(new byte[0], "t" + i));
        }
        assertEquals(1000, keys.size());
        assertNull(new MapStore().find(a));
        // the reader's keyer (one digest for every row) keys as RowKey.of does: SHA-256 of scope, 0, UTF-8 text
        RowKey.Keyer keyer = new RowKey.Keyer(new byte[] {1, 2});
        for (String t : List.of("hello", "", "caf\u00e9 \ud83d\ude00", "hello")) {
            java.security.MessageDigest d = RowKey.sha256();
            d.update(new byte[] {1, 2, 0});
            d.update(t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(new RowKey(d.digest()), keyer.key(t), t);
            assertEquals(RowKey.of(new byte[] {1, 2}, t), keyer.key(t), t);
        }
    }

    /** An in-memory store; the reader and writer threads use it as the SQLite store is used. */
    static final class MapStore implements ResultStore {
        final Map<RowKey, Object[]> map = new ConcurrentHashMap<>();
        final Map<RowKey, Object[]> pending = new ConcurrentHashMap<>();
        final AtomicInteger commits = new AtomicInteger();

        @Override
        public Object[] find(RowKey key) {
            return map.get(key);
        }

        @Override
        public void put(RowKey key, Object[] values) {
            pending.put(key, values);
        }

        @Override
        public void used(RowKey key) {
        }

        @Override
        public void commit() {
            map.putAll(pending);
            pending.clear();
            commits.incrementAndGet();
        }
    }
}
