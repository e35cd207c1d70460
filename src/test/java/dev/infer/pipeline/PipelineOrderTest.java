package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Output order, completeness and reproducible batch composition. */
class PipelineOrderTest {

    static Stream<Arguments> shapes() {
        List<Arguments> a = new ArrayList<>();
        for (int threads : new int[] {1, 2, 4, 8}) {
            for (int rowsPerCall : new int[] {1, 16}) {
                for (int queue : new int[] {1, 8}) {
                    a.add(Arguments.of(threads, rowsPerCall, queue));
                }
            }
        }
        return a.stream();
    }

    /** Every row exactly once, in input order, with its own results, for many shapes and seeds. */
    @ParameterizedTest(name = "threads={0} rowsPerCall={1} queue={2}")
    @MethodSource("shapes")
    void writesEveryRowOnceInInputOrder(int threads, int rowsPerCall, int queue) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (long seed = 0; seed < 4; seed++) {
                int n = 150 + (int) seed * 37; // not a multiple of any window
                List<Row> rows = Fakes.rows(n, seed, 30);
                Fakes.FakeTask task = Fakes.FakeTask.slowRandom(300);
                PipelineConfig config = Fakes.config(threads, rowsPerCall, queue, 32);
                Fakes.Run run = Fakes.run(new Pipeline(task, config), new Fakes.ListReader(rows));
                String ctx = "seed " + seed;

                assertNull(run.failure, ctx);
                assertEquals(range(0, n), run.writer.indices(), ctx);
                for (Fakes.Written w : run.writer.rows) {
                    assertNull(w.error(), ctx);
                    assertEquals(w.index(), w.values()[0], "results belong to their row: " + ctx);
                    assertEquals(Fakes.tokens(rows.get((int) w.index())), w.values()[1], ctx);
                    assertTrue((int) w.values()[2] <= rowsPerCall, ctx);
                }
                RunStats.Snapshot s = run.summary.stats();
                assertFalse(run.summary.interrupted(), ctx);
                assertEquals(n, run.summary.rowsCommitted(), ctx);
                assertEquals(0, run.summary.workersReplaced(), ctx);
                assertEquals(n, s.rowsRead(), ctx);
                assertEquals(n, s.rowsWritten(), ctx);
                assertEquals(0, s.rowsFailed(), ctx);
                assertEquals(0, s.rowsSkipped(), ctx);
                assertEquals(task.calls.size(), s.modelCalls(), ctx);
                assertEquals(n, task.calls.stream().mapToInt(List::size).sum(), "each row run once: " + ctx);
                long real = rows.stream().mapToLong(Fakes::tokens).sum();
                assertEquals(real, s.realTokens(), ctx);
                assertTrue(s.paddedTokens() >= real, ctx);
                if (rowsPerCall == 1) {
                    assertEquals(real, s.paddedTokens(), "no padding one row at a time: " + ctx);
                }
                assertEquals(n, (long) run.committed.get(run.committed.size() - 1), ctx);
            }
        });
    }

    @ParameterizedTest(name = "rowsPerCall={0}")
    @ValueSource(ints = {1, 4})
    void emptyInputCompletesWithNothingWritten(int rowsPerCall) throws Exception {
        Fakes.Run run = Fakes.run(new Pipeline(Fakes.FakeTask.echo(), Fakes.config(2, rowsPerCall, 1, 8)),
                new Fakes.ListReader(List.of()));
        assertNull(run.failure);
        assertTrue(run.writer.rows.isEmpty());
        assertFalse(run.summary.interrupted());
        assertEquals(0, run.summary.rowsCommitted());
        assertEquals(List.of(0L), run.committed.subList(run.committed.size() - 1, run.committed.size()));
    }

    /**
     * Batch composition depends on the input alone: 1 and 4 threads, with random call delays, make
     * exactly the same calls; each call's rows lie within one window.
     */
    @ParameterizedTest(name = "window={0}")
    @ValueSource(ints = {16, 50})
    void batchCompositionIsIndependentOfThreadsAndTiming(int window) throws Exception {
        for (long seed = 0; seed < 3; seed++) {
            List<Row> rows = Fakes.rowsWithBad(333, seed, 40, List.of(3L, 77L, 200L));
            PipelineConfig base = Fakes.withMaxBatchTokens(Fakes.config(1, 8, 2, window), 120);
            Set<Set<Long>> reference = null;
            for (int threads : new int[] {1, 4, 4}) {
                PipelineConfig config = new PipelineConfig(threads, base.rowsPerCall(), base.maxBatchTokens(),
                        base.queueCapacity(), base.window(), base.errorPolicy(), base.maxErrors(), null, base.grace(), 0);
                Fakes.FakeTask task = Fakes.FakeTask.slowRandom(500);
                Fakes.Run run = Fakes.run(new Pipeline(task, config), new Fakes.ListReader(rows));
                assertNull(run.failure);
                assertEquals(range(0, 333), run.writer.indices());
                Set<Set<Long>> calls = task.callSets();
                assertEquals(task.calls.size(), calls.size(), "no call repeated");
                for (Set<Long> c : calls) {
                    long w = c.iterator().next() / window;
                    for (long i : c) {
                        assertEquals(w, i / window, "a call never spans two windows: " + c);
                        assertTrue(rows.get((int) i).isOk(), "failed rows are never run");
                    }
                }
                if (reference == null) {
                    reference = calls;
                } else {
                    assertEquals(reference, calls, "seed " + seed + " threads " + threads);
                }
            }
        }
    }

    /**
     * Resuming at a row in the middle of a window: that window is computed exactly as in a full run
     * (its rows before startRow included, but not written); earlier windows are not computed at all.
     */
    @ParameterizedTest(name = "startRow={0}")
    @ValueSource(ints = {0, 1, 37, 48, 63, 64, 100, 199, 200})
    void resumedRunIsAnchoredAtWindowMultiples(int startRow) throws Exception {
        int n = 200;
        int window = 16;
        List<Row> rows = Fakes.rowsWithBad(n, 42, 25, List.of(40L, 41L, 150L));
        PipelineConfig full = Fakes.withMaxBatchTokens(Fakes.config(3, 5, 2, window), 60);
        Fakes.FakeTask fullTask = Fakes.FakeTask.echo();
        Fakes.Run fullRun = Fakes.run(new Pipeline(fullTask, full), new Fakes.ListReader(rows));
        assertNull(fullRun.failure);

        Fakes.FakeTask task = Fakes.FakeTask.slowRandom(200);
        Fakes.Run run = Fakes.run(new Pipeline(task, full.withStartRow(startRow)), new Fakes.ListReader(rows));
        assertNull(run.failure);
        long firstWindow = (startRow / window) * window;

        assertEquals(range(startRow, n), run.writer.indices(), "only rows from startRow are written");
        assertEquals(n, run.summary.rowsCommitted());
        assertEquals(n - startRow, run.summary.stats().rowsRead());
        assertEquals(n - startRow, run.summary.stats().rowsWritten());
        long badAfterStart = List.of(40L, 41L, 150L).stream().filter(b -> b >= startRow).count();
        assertEquals(badAfterStart, run.summary.stats().rowsFailed(), "failures before startRow are not counted");

        Set<Set<Long>> expected = new HashSet<>();
        for (Set<Long> c : fullTask.callSets()) {
            if (c.iterator().next() >= firstWindow) {
                expected.add(c);
            }
        }
        assertEquals(expected, task.callSets(), "the resumed windows are batched exactly as in the full run");
        for (List<Long> c : task.calls) {
            for (long i : c) {
                assertTrue(i >= firstWindow, "row " + i + " of an earlier window was computed");
            }
        }
        Set<Long> computed = new HashSet<>();
        task.calls.forEach(computed::addAll);
        for (long i = firstWindow; i < Math.min(startRow, n); i++) {
            if (rows.get((int) i).isOk()) {
                assertTrue(computed.contains(i), "row " + i + " is a batch-mate of its window: computed");
            }
        }
        // the resumed rows' values are exactly the full run's
        for (int k = 0; k < run.writer.rows.size(); k++) {
            Fakes.Written w = run.writer.rows.get(k);
            Fakes.Written f = fullRun.writer.rows.get((int) w.index());
            assertEquals(f.error(), w.error());
            if (w.values() != null) {
                assertEquals(List.of(f.values()), List.of(w.values()));
            }
        }
    }

    /** Without batching, rows run one per call, each exactly once, and resume skips whole 8-row units. */
    @ParameterizedTest(name = "startRow={0}")
    @ValueSource(ints = {0, 5, 8, 13})
    void unbatchedRunsEachRowAloneAndResumesByUnits(int startRow) throws Exception {
        List<Row> rows = Fakes.rows(50, 7, 20);
        Fakes.FakeTask task = Fakes.FakeTask.slowRandom(200);
        PipelineConfig config = Fakes.config(4, 1, 1, 1024).withStartRow(startRow);
        Fakes.Run run = Fakes.run(new Pipeline(task, config), new Fakes.ListReader(rows));
        assertNull(run.failure);
        assertEquals(range(startRow, 50), run.writer.indices());
        long first = (startRow / PipelineConfig.EXACT_UNIT) * PipelineConfig.EXACT_UNIT;
        List<Long> ran = new ArrayList<>();
        for (List<Long> c : task.callsSnapshot()) {
            assertEquals(1, c.size());
            ran.add(c.get(0));
        }
        ran.sort(null);
        assertEquals(range(first, 50), ran);
        assertEquals(50 - first, task.encodes.get(), "rows of skipped units are not even tokenized");
    }

    /** A pipe fed a row at a time: the rows read so far go out before the reader waits for more. */
    @org.junit.jupiter.api.Test
    void rowsDoNotWaitForAnInputThatIsSlowToCome() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<Row> rows = Fakes.rows(3, 0, 30);
            java.util.concurrent.CountDownLatch firstWritten = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch moreInput = new java.util.concurrent.CountDownLatch(1);
            Fakes.ListReader reader = new Fakes.ListReader(rows, i -> {
                if (i == 1) {
                    try {
                        moreInput.await(); // the rest of the input comes only once row 0 is out
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException();
                    }
                }
            }) {
                @Override
                public boolean inputWaiting() {
                    return handedOut.get() == 1;
                }
            };
            Fakes.RecordingWriter writer = new Fakes.RecordingWriter(row -> firstWritten.countDown());
            Fakes.Run[] run = new Fakes.Run[1];
            Thread t = new Thread(() -> {
                try {
                    run[0] = Fakes.run(new Pipeline(Fakes.FakeTask.echo(), Fakes.config(1, 1, 1, 32)), reader, writer);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            firstWritten.await(); // else row 0 waits for a full window and the timeout fails the test
            moreInput.countDown();
            t.join();
            assertNull(run[0].failure);
            assertEquals(range(0, 3), run[0].writer.indices());
        });
    }
}
