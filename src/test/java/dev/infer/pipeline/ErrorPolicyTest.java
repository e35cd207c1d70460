package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What happens to failed rows under each policy, and the side channels (failed rows, commits, progress). */
class ErrorPolicyTest {
    private static final int N = 200;
    /** Unusable input rows. */
    private static final List<Long> BAD = List.of(3L, 50L, 51L, 130L);
    /** Rows whose inference fails. */
    private static final Set<Long> POISON = Set.of(20L, 131L, 199L);

    private static List<Long> allFailed() {
        TreeSet<Long> s = new TreeSet<>(BAD);
        s.addAll(POISON);
        return new ArrayList<>(s);
    }

    private static Fakes.Run run(ErrorPolicy policy, long maxErrors, int threads, int rowsPerCall) throws Exception {
        PipelineConfig config = Fakes.withPolicy(Fakes.config(threads, rowsPerCall, 2, 32), policy, maxErrors);
        return Fakes.run(new Pipeline(Fakes.FakeTask.poison(POISON), config),
                new Fakes.ListReader(Fakes.rowsWithBad(N, 11, 20, BAD)));
    }

    private static void assertSinkSawExactly(List<Long> expected, Fakes.Run run) {
        assertEquals(expected, run.failedRows.stream().map(Fakes.Written::index).toList(),
                "the failed-row sink gets exactly the failed rows, in input order");
        for (Fakes.Written f : run.failedRows) {
            String expectedError = BAD.contains(f.index()) ? "bad input " + f.index()
                    : "inference failed: poison " + f.index();
            assertEquals(expectedError, f.error());
        }
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"1,1", "4,1", "4,8"})
    void recordWritesFailedRowsInPlaceWithLineAndReason(int threads, int rowsPerCall) throws Exception {
        Fakes.Run run = run(ErrorPolicy.RECORD, -1, threads, rowsPerCall);
        assertNull(run.failure);
        assertEquals(range(0, N), run.writer.indices());
        List<Long> failed = allFailed();
        for (Fakes.Written w : run.writer.rows) {
            if (BAD.contains(w.index())) {
                assertEquals("line " + (w.index() + 2) + ": bad input " + w.index(), w.error());
                assertNull(w.values());
            } else if (POISON.contains(w.index())) {
                assertEquals("line " + (w.index() + 2) + ": inference failed: poison " + w.index(), w.error());
                assertNull(w.values());
            } else {
                assertNull(w.error());
                assertEquals(w.index(), w.values()[0]);
            }
        }
        RunStats.Snapshot s = run.summary.stats();
        assertEquals(N, s.rowsRead());
        assertEquals(N, s.rowsWritten());
        assertEquals(failed.size(), s.rowsFailed());
        assertEquals(0, s.rowsSkipped());
        assertEquals(s.rowsRead(), s.rowsWritten() + s.rowsSkipped());
        assertSinkSawExactly(failed, run);
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"1,1", "4,1", "4,8"})
    void skipLeavesFailedRowsOutAndCountsThem(int threads, int rowsPerCall) throws Exception {
        Fakes.Run run = run(ErrorPolicy.SKIP, -1, threads, rowsPerCall);
        assertNull(run.failure);
        List<Long> failed = allFailed();
        List<Long> expected = new ArrayList<>(range(0, N));
        expected.removeAll(failed);
        assertEquals(expected, run.writer.indices());
        run.writer.rows.forEach(w -> assertNull(w.error()));
        RunStats.Snapshot s = run.summary.stats();
        assertEquals(N, s.rowsRead());
        assertEquals(N - failed.size(), s.rowsWritten());
        assertEquals(failed.size(), s.rowsFailed());
        assertEquals(failed.size(), s.rowsSkipped());
        assertEquals(s.rowsRead(), s.rowsWritten() + s.rowsSkipped());
        assertEquals(N, run.summary.rowsCommitted(), "skipped rows are committed input rows too");
        assertSinkSawExactly(failed, run);
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"1,1", "4,1", "4,8"})
    void failStopsAtTheFirstFailedRow(int threads, int rowsPerCall) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Fakes.Run run = run(ErrorPolicy.FAIL, -1, threads, rowsPerCall);
            RowFailedException e = assertInstanceOf(RowFailedException.class, run.failure);
            assertFalse(e instanceof TooManyErrorsException);
            assertEquals("row at line 5 failed: bad input 3", e.getMessage());
            assertEquals(range(0, 3), run.writer.indices(), "rows before the failed one are written");
            assertSinkSawExactly(List.of(3L), run);
        });
    }

    @Test
    void failOnAnInferenceFailure() throws Exception {
        PipelineConfig config = Fakes.withPolicy(Fakes.config(2, 4, 2, 16), ErrorPolicy.FAIL, -1);
        Fakes.Run run = Fakes.run(new Pipeline(Fakes.FakeTask.poison(Set.of(17L)), config),
                new Fakes.ListReader(Fakes.rows(60, 1, 9)));
        RowFailedException e = assertInstanceOf(RowFailedException.class, run.failure);
        assertEquals("row at line 19 failed: inference failed: poison 17", e.getMessage());
        assertEquals(range(0, 17), run.writer.indices());
    }

    @ParameterizedTest(name = "policy={0} maxErrors={1}")
    @CsvSource({"RECORD,0", "RECORD,2", "SKIP,2", "RECORD,6", "SKIP,6"})
    void maxErrorsStopsAfterMoreThanNFailures(ErrorPolicy policy, long maxErrors) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Fakes.Run run = run(policy, maxErrors, 3, 4);
            List<Long> failed = allFailed(); // 3, 20, 50, 51, 130, 131, 199
            long culprit = failed.get((int) maxErrors);
            TooManyErrorsException e = assertInstanceOf(TooManyErrorsException.class, run.failure);
            assertTrue(e.getMessage().startsWith("more than " + maxErrors + " rows failed (the last at line "
                    + (culprit + 2) + ": "), e.getMessage());
            List<Long> expected = new ArrayList<>(range(0, culprit));
            if (policy == ErrorPolicy.SKIP) {
                expected.removeAll(failed);
            }
            assertEquals(expected, run.writer.indices());
            assertSinkSawExactly(failed.subList(0, (int) maxErrors + 1), run);
        });
    }

    @Test
    void maxErrorsIsNotExceededByExactlyNFailures() throws Exception {
        Fakes.Run run = run(ErrorPolicy.RECORD, allFailed().size(), 2, 4);
        assertNull(run.failure);
        assertEquals(range(0, N), run.writer.indices());
        assertEquals(allFailed().size(), run.summary.stats().rowsFailed());
    }

    /** The committer is told at the end, with the final count, after a flush; counts never go down. */
    @ParameterizedTest(name = "policy={0}")
    @CsvSource({"RECORD", "SKIP"})
    void committerAndProgressSeeTheFinalCount(ErrorPolicy policy) throws Exception {
        List<long[]> commits = Collections.synchronizedList(new ArrayList<>());
        Fakes.RecordingWriter writer = new Fakes.RecordingWriter();
        List<RunStats.Snapshot> progress = Collections.synchronizedList(new ArrayList<>());
        PipelineConfig config = Fakes.withPolicy(Fakes.config(3, 1, 2, 32), policy, -1);
        RunSummary summary = new Pipeline(Fakes.FakeTask.poison(POISON), config).run(
                new Fakes.ListReader(Fakes.rowsWithBad(N, 11, 20, BAD)), writer, progress::add,
                rows -> commits.add(new long[] {rows, writer.flushes.get(), writer.count.get()}),
                FailedRowSink.NONE);
        assertFalse(commits.isEmpty());
        long prev = -1;
        for (long[] c : commits) {
            assertTrue(c[0] >= prev, "commits are monotonic");
            assertTrue(c[1] >= 1, "flushed before the commit");
            prev = c[0];
        }
        long[] last = commits.get(commits.size() - 1);
        assertEquals(N, last[0]);
        assertEquals(summary.rowsCommitted(), last[0]);
        assertEquals(writer.count.get(), last[2], "everything was written when the last commit came");
        assertFalse(progress.isEmpty());
        RunStats.Snapshot p = progress.get(progress.size() - 1);
        assertEquals(summary.stats().rowsWritten(), p.rowsWritten());
        assertEquals(N, p.rowsWritten() + p.rowsSkipped());
    }

    @Test
    void aFailingWriterFailsTheRunWithoutHanging() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Fakes.RecordingWriter writer = new Fakes.RecordingWriter(row -> {
                if (row.index() == 5) {
                    awaitWorkerWaitingForTheWriter(); // the workers ran far ahead
                    throw new IOException("disk full");
                }
            });
            Fakes.Run run = Fakes.run(new Pipeline(Fakes.FakeTask.echo(), Fakes.config(2, 1, 1, 16)),
                    new Fakes.ListReader(Fakes.rows(5_000, 1, 5)), writer);
            UncheckedIOException e = assertInstanceOf(UncheckedIOException.class, run.failure);
            assertEquals("writing the output failed: disk full", e.getMessage());
            assertEquals(range(0, 5), writer.indices());
        });
    }

    @Test
    void failPolicyDoesNotHangWhenWorkersWaitForTheWriter() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            PipelineConfig config = Fakes.withPolicy(Fakes.config(2, 1, 1, 16), ErrorPolicy.FAIL, -1);
            Fakes.RecordingWriter writer = new Fakes.RecordingWriter();
            List<Row> rows = Fakes.rowsWithBad(5_000, 1, 5, List.of(2L));
            RowFailedException e = null;
            try {
                new Pipeline(Fakes.FakeTask.echo(), config).run(new Fakes.ListReader(rows), writer,
                        ProgressListener.NONE, OutputCommitter.NONE, (row, error) -> awaitWorkerWaitingForTheWriter());
            } catch (RowFailedException x) {
                e = x;
            }
            assertEquals("row at line 4 failed: bad input 2", e == null ? null : e.getMessage());
            assertEquals(range(0, 2), writer.indices());
        });
    }

    @Test
    void aFailingReaderFailsTheRunAfterWritingWhatWasRead() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Fakes.ListReader reader = new Fakes.ListReader(Fakes.rows(500, 1, 5), i -> {
                if (i == 300) {
                    throw new IOException("truncated gzip");
                }
            });
            Fakes.Run run = Fakes.run(new Pipeline(Fakes.FakeTask.echo(), Fakes.config(2, 4, 1, 16)), reader);
            UncheckedIOException e = assertInstanceOf(UncheckedIOException.class, run.failure);
            assertEquals("reading the input failed: truncated gzip", e.getMessage());
            List<Long> written = run.writer.indices();
            assertEquals(range(0, written.size()), written, "a prefix");
            assertTrue(written.size() <= 300);
        });
    }

    @Test
    void aFailingCommitterFailsTheRun() throws Exception {
        AtomicLong calls = new AtomicLong();
        RuntimeException failure = null;
        try {
            new Pipeline(Fakes.FakeTask.echo(), Fakes.config(2, 1, 1, 16)).run(
                    new Fakes.ListReader(Fakes.rows(50, 1, 5)), new Fakes.RecordingWriter(), ProgressListener.NONE,
                    rows -> {
                        calls.incrementAndGet();
                        throw new IOException("checkpoint dir gone");
                    }, FailedRowSink.NONE);
        } catch (RuntimeException e) {
            failure = e;
        }
        assertInstanceOf(UncheckedIOException.class, failure);
        assertEquals(1, calls.get());
    }

    /** Called on the writer thread while it holds up the write position: the workers fill the writer's buffer. */
    private static void awaitWorkerWaitingForTheWriter() {
        try {
            Fakes.awaitSomeoneWaitingForTheWriter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
