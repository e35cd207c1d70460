package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import dev.infer.model.Encoded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failures stay local: split-retry around a poison row, replacement of dying workers. */
class WorkerFailureTest {

    /** The one call (the first logged) that contained {@code row}, as a set. */
    private static Set<Long> firstCallWith(Fakes.FakeTask task, long row) {
        for (List<Long> c : task.callsSnapshot()) {
            if (c.contains(row)) {
                return new HashSet<>(c);
            }
        }
        throw new AssertionError("row " + row + " was never run");
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"1,1", "3,1", "1,16", "3,16", "2,7"})
    void poisonRowFailsAloneAndItsBatchMatesGetResults(int threads, int rowsPerCall) throws Exception {
        int n = 120;
        Set<Long> poison = Set.of(5L, 33L, 34L, 119L);
        List<Row> rows = Fakes.rows(n, 3, 10);
        Fakes.FakeTask task = Fakes.FakeTask.poison(poison);
        Fakes.Run run = Fakes.run(new Pipeline(task, Fakes.config(threads, rowsPerCall, 2, 32)),
                new Fakes.ListReader(rows));
        assertNull(run.failure);
        assertEquals(range(0, n), run.writer.indices());
        for (Fakes.Written w : run.writer.rows) {
            if (poison.contains(w.index())) {
                assertNull(w.values());
                assertEquals("line " + (w.index() + 2) + ": inference failed: poison " + w.index(), w.error(),
                        "only the first line of the message");
            } else {
                assertNull(w.error(), "row " + w.index());
                assertEquals(w.index(), w.values()[0]);
            }
        }
        RunStats.Snapshot s = run.summary.stats();
        assertEquals(poison.size(), s.rowsFailed());
        assertEquals(n, s.rowsWritten());
        if (rowsPerCall > 1) {
            // the poison row shared a call with rows that then got results from smaller calls
            Set<Long> mates = firstCallWith(task, 5L);
            assertTrue(mates.size() > 1, "row 5 was batched: " + mates);
            for (List<Long> c : task.callsSnapshot()) {
                if (c.size() == 1 && c.get(0) == 5L) {
                    return; // and was finally run alone
                }
            }
            throw new AssertionError("the poison row was never retried alone");
        }
    }

    @Test
    void splitRetryHalvesDownToTheSingleBadRow() throws Exception {
        // one window of 8 equal-length rows: one call [0..7]; row 6 is poison
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(Fakes.ok(i, 3));
        }
        Fakes.FakeTask task = Fakes.FakeTask.poison(Set.of(6L));
        Fakes.Run run = Fakes.run(new Pipeline(task, Fakes.config(1, 8, 1, 8)), new Fakes.ListReader(rows));
        assertNull(run.failure);
        assertEquals(List.of(range(0, 8), range(0, 4), range(4, 8), range(4, 6), range(6, 8), List.of(6L),
                List.of(7L)), task.callsSnapshot());
        assertEquals(range(0, 8), run.writer.indices());
        assertEquals(1, run.summary.stats().rowsFailed());
        assertEquals(3, run.summary.stats().modelCalls(), "only successful calls count: [0..3], [4,5], [7]");
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"1,1", "3,1", "1,8", "3,8"})
    void workerKilledOnceIsReplacedAndItsBatchRerun(int threads, int rowsPerCall) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            int n = 100;
            Fakes.FakeTask task = Fakes.FakeTask.killer(42L);
            Fakes.Run run = Fakes.run(new Pipeline(task, Fakes.config(threads, rowsPerCall, 2, 16)),
                    new Fakes.ListReader(Fakes.rows(n, 9, 12)));
            assertNull(run.failure);
            assertEquals(range(0, n), run.writer.indices());
            run.writer.rows.forEach(w -> assertNull(w.error(), "row " + w.index()));
            assertEquals(1, run.summary.workersReplaced());
            assertEquals(n, run.summary.stats().rowsWritten());
            assertEquals(0, run.summary.stats().rowsFailed());
            assertEquals(2, task.callsSnapshot().stream().filter(c -> c.contains(42L)).count(),
                    "the killing call is rerun once");
        });
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"1,1", "3,1", "1,8", "3,8"})
    void batchThatAlwaysKillsFailsItsRowsAndTheRunCompletes(int threads, int rowsPerCall) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            int n = 100;
            Fakes.FakeTask task = Fakes.FakeTask.alwaysKiller(42L);
            Fakes.Run run = Fakes.run(new Pipeline(task, Fakes.config(threads, rowsPerCall, 2, 16)),
                    new Fakes.ListReader(Fakes.rows(n, 9, 12)));
            assertNull(run.failure);
            assertEquals(range(0, n), run.writer.indices());
            assertEquals(WorkerPool.MAX_ATTEMPTS, run.summary.workersReplaced());
            assertEquals(WorkerPool.MAX_ATTEMPTS,
                    task.callsSnapshot().stream().filter(c -> c.contains(42L)).count());

            // the rows of the killing batch: the call's rows when batched, the 8-row hand-off unit when not
            Set<Long> doomed = rowsPerCall > 1 ? firstCallWith(task, 42L)
                    : new HashSet<>(range(40, 48));
            for (Fakes.Written w : run.writer.rows) {
                if (doomed.contains(w.index())) {
                    assertNull(w.values());
                    assertNotNull(w.error(), "row " + w.index());
                    assertTrue(w.error().startsWith("line " + (w.index() + 2) + ": worker crashed on this row's batch "
                            + WorkerPool.MAX_ATTEMPTS + " times: java.lang.Error: always killed at 42"), w.error());
                } else {
                    assertNull(w.error(), "row " + w.index());
                }
            }
            assertEquals(doomed.size(), run.summary.stats().rowsFailed());
            assertEquals(n, run.summary.stats().rowsWritten());
        });
    }

    /** Unusable input rows are reported with their reader's reason and never reach the task. */
    @ParameterizedTest(name = "rowsPerCall={0}")
    @CsvSource({"1", "4"})
    void failedInputRowsAreWrittenWithTheirReasonAndNeverRun(int rowsPerCall) throws Exception {
        List<Long> bad = List.of(0L, 9L, 10L, 63L);
        List<Row> rows = Fakes.rowsWithBad(64, 1, 10, bad);
        Fakes.FakeTask task = Fakes.FakeTask.echo();
        Fakes.Run run = Fakes.run(new Pipeline(task, Fakes.config(2, rowsPerCall, 2, 16)), new Fakes.ListReader(rows));
        assertNull(run.failure);
        assertEquals(range(0, 64), run.writer.indices());
        for (Fakes.Written w : run.writer.rows) {
            if (bad.contains(w.index())) {
                assertEquals("line " + (w.index() + 2) + ": bad input " + w.index(), w.error());
            }
        }
        task.callsSnapshot().forEach(c -> c.forEach(i -> assertFalse(bad.contains(i), "failed row " + i + " run")));
        assertEquals(60, task.encodes.get(), "failed rows are not tokenized either");
    }

    /**
     * A row whose text the tokenizer rejects fails alone, as "tokenizing failed: ...", with batching
     * as without (when batching, the reader tokenizes).
     */
    @ParameterizedTest(name = "rowsPerCall={0}")
    @CsvSource({"1", "4"})
    void tokenizerFailureFailsOnlyThatRow(int rowsPerCall) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Fakes.FakeTask inner = Fakes.FakeTask.echo();
            dev.infer.task.Task task = new dev.infer.task.Task() {
                @Override
                public dev.infer.task.ResultSchema schema() {
                    return inner.schema();
                }

                @Override
                public Encoded encode(String text) {
                    if (text.startsWith("#7 ")) {
                        throw new IllegalArgumentException("cannot tokenize row 7");
                    }
                    return inner.encode(text);
                }

                @Override
                public List<Object[]> process(List<Encoded> rows, dev.infer.model.Cancellation o)
                        throws Exception {
                    return inner.process(rows, o);
                }

                @Override
                public boolean runsModel() {
                    return false;
                }
            };
            Fakes.Run run = Fakes.run(new Pipeline(task, Fakes.config(2, rowsPerCall, 2, 16)),
                    new Fakes.ListReader(Fakes.rows(30, 2, 10)));
            assertNull(run.failure, () -> "the run failed: " + run.failure);
            assertEquals(range(0, 30), run.writer.indices());
            for (Fakes.Written w : run.writer.rows) {
                if (w.index() == 7) {
                    assertEquals("line 9: tokenizing failed: cannot tokenize row 7", w.error());
                } else {
                    assertNull(w.error());
                }
            }
        });
    }
}
