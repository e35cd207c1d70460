package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Pipeline#stop()}: the run returns soon, with exactly a contiguous prefix written and committed. */
class PipelineStopTest {

    private static void assertPrefix(Fakes.Run run, int n) {
        assertNull(run.failure, () -> "run failed: " + run.failure);
        assertTrue(run.summary.interrupted(), "interrupted");
        List<Long> written = run.writer.indices();
        long k = written.size();
        assertEquals(range(0, k), written, "a contiguous prefix");
        assertTrue(k < n, "stopped before the end");
        assertEquals(k, run.summary.rowsCommitted());
        assertEquals(k, run.summary.stats().rowsWritten());
        assertEquals(k, (long) run.committed.get(run.committed.size() - 1), "the last commit is the prefix");
        for (Fakes.Written w : run.writer.rows) {
            assertNull(w.error(), "no row is written as failed because of the stop: " + w.error());
        }
    }

    /** A run on a thread of its own, so the test can drive events while it runs. */
    private static final class Background {
        private final Thread thread;
        private volatile Fakes.Run run;
        private volatile Throwable error;

        Background(Pipeline pipeline, dev.infer.io.RowReader reader) {
            thread = new Thread(() -> {
                try {
                    run = Fakes.run(pipeline, reader);
                } catch (Throwable t) {
                    error = t;
                }
            }, "test-run");
            thread.setDaemon(true);
            thread.start();
        }

        Fakes.Run join() throws InterruptedException {
            thread.join();
            if (error != null) {
                throw new AssertionError("the run threw", error);
            }
            return run;
        }
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1} queue={2}")
    @CsvSource({"1,1,1", "3,1,1", "3,1,4", "1,8,1", "3,8,2", "4,16,1"})
    void stopWritesAContiguousPrefix(int threads, int rowsPerCall, int queue) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int n = 20_000;
            Fakes.FakeTask task = Fakes.FakeTask.slowRandom(1000); // calls finish out of order
            Pipeline pipeline = new Pipeline(task, Fakes.config(threads, rowsPerCall, queue, 32));
            // the writer thread stops the run as it writes row 40: rows 0..39 are written by then
            Fakes.RecordingWriter writer = new Fakes.RecordingWriter(row -> {
                if (row.index() == 40) {
                    pipeline.stop();
                }
            });
            Fakes.Run run = Fakes.run(pipeline, new Fakes.ListReader(Fakes.rows(n, 5, 20)), writer);
            assertPrefix(run, n);
            assertTrue(run.writer.rows.size() >= 40);
            RunStats.Snapshot s = run.summary.stats();
            assertTrue(s.rowsRead() >= s.rowsWritten(), "rows read " + s.rowsRead() + " < written");
            assertTrue(s.rowsRead() < n); // bounded queues: the reader cannot be far ahead of the writer
        });
    }

    /** Stopping before anything was read still returns a clean, empty, interrupted summary. */
    @Test
    void stopBeforeRunReturnsAtOnce() throws Exception {
        Pipeline pipeline = new Pipeline(Fakes.FakeTask.echo(), Fakes.config(2, 4, 1, 16));
        pipeline.stop();
        Fakes.Run run = Fakes.run(pipeline, new Fakes.ListReader(Fakes.rows(100, 1, 5)));
        assertNull(run.failure);
        assertTrue(run.summary.interrupted());
        assertEquals(0, run.summary.rowsCommitted());
        assertTrue(run.writer.rows.isEmpty());
    }

    /**
     * Calls that cannot be cancelled (the task runs no model): the first round of calls ends, the stop
     * comes while every worker is in its second call, and the grace runs out. The run waits for those
     * calls in flight, starts no other, and returns once they end, with a prefix written.
     */
    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"2,8", "1,8", "2,1", "1,1"})
    void stopWithUncancellableCallsReturnsOnceTheCallsInFlightEnd(int threads, int rowsPerCall) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Duration grace = Duration.ofMillis(50);
            int n = 400;
            Fakes.Gate gate = Fakes.Gate.everyCall();
            Fakes.FakeTask task = new Fakes.FakeTask(gate);
            Fakes.FakeClock clock = new Fakes.FakeClock();
            PipelineConfig config = Fakes.withGrace(Fakes.config(threads, rowsPerCall, 1, 8), grace);
            Pipeline pipeline = new Pipeline(null, task, config, Reuse.NONE, clock);
            Background bg = new Background(pipeline, new Fakes.ListReader(Fakes.rows(n, 5, 20)));
            int firstRound = threads;
            gate.release(firstRound);
            gate.started.acquire(firstRound + threads); // first round over, every worker in its next call
            pipeline.stop();
            clock.expireGrace(grace);
            assertTrue(bg.thread.isAlive(), "the run waits for the calls in flight");
            gate.release(10_000); // a call started after the grace would run, and be counted below
            Fakes.Run run = bg.join();
            assertPrefix(run, n);
            assertEquals(firstRound + threads, task.calls.size(), "calls made in all: " + task.callsSnapshot());
        });
    }

    /**
     * The grace runs out while one worker is stuck in a long call and another waits for room in the
     * sequencing writer (its rows are too far ahead). The waiting worker must be released: the run
     * returns once the long call ends, with nothing but the finished prefix written.
     */
    @Test
    void graceExpiryReleasesWorkersWaitingForTheWriter() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int n = 2_000;
            Duration grace = Duration.ofMillis(50);
            // threads 2, one row per call (8-row units), queue 1: writer capacity 2*8 + (1+2)*8 = 40 rows
            PipelineConfig config = Fakes.withGrace(Fakes.config(2, 1, 1, 8), grace);
            Fakes.Gate rowZero = new Fakes.Gate(ids -> ids.contains(0L));
            Fakes.FakeTask task = new Fakes.FakeTask(rowZero);
            Fakes.FakeClock clock = new Fakes.FakeClock();
            Pipeline pipeline = new Pipeline(null, task, config, Reuse.NONE, clock);
            Fakes.ListReader reader = new Fakes.ListReader(Fakes.rows(n, 1, 5), i -> {
                if (i == 48) {
                    try {
                        rowZero.started.acquire();
                        // the other worker runs rows 8..47 and waits with rows 40..47
                        Fakes.awaitSomeoneWaitingForTheWriter();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    pipeline.stop();
                }
            });
            Background bg = new Background(pipeline, reader);
            clock.expireGrace(grace);
            assertTrue(bg.thread.isAlive(), "the run waits for the call on row 0");
            rowZero.release(1);
            Fakes.Run run = bg.join();
            assertPrefix(run, n);
            assertEquals(0, run.summary.rowsCommitted(), "row 0 was still running when the grace ran out");
        });
    }

    /**
     * A call that fails because the run gave up on it (with a model: cancelled after the grace) is
     * not split and retried in halves: nothing runs after the run was abandoned.
     */
    @Test
    void aCallFailingAfterTheGraceIsNotRetriedInHalves() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Duration grace = Duration.ofMillis(50);
            Fakes.Gate gate = Fakes.Gate.everyCall();
            AtomicBoolean graceOver = new AtomicBoolean();
            Fakes.FakeTask task = new Fakes.FakeTask(ids -> {
                gate.onCall(ids);
                if (graceOver.get()) {
                    throw new Exception("cancelled"); // what an ONNX Runtime call cancelled after the grace does
                }
            });
            List<dev.infer.io.Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                rows.add(Fakes.ok(i, 4)); // equal lengths: every 8-row window is one call
            }
            Fakes.FakeClock clock = new Fakes.FakeClock();
            Pipeline pipeline = new Pipeline(null, task,
                    Fakes.withGrace(Fakes.config(1, 8, 1, 8), grace), Reuse.NONE, clock);
            Background bg = new Background(pipeline, new Fakes.ListReader(rows));
            gate.started.acquire(); // the first call runs
            pipeline.stop();
            clock.expireGrace(grace);
            graceOver.set(true);
            gate.release(10_000); // halves retried now would run, fail again and be recorded
            Fakes.Run run = bg.join();
            assertPrefix(run, rows.size());
            assertEquals(0, run.summary.rowsCommitted());
            assertEquals(List.of(range(0, 8)), task.callsSnapshot(), "the failed call was split and rerun");
        });
    }

    /**
     * A resumed run that is stopped while it recomputes the rows before startRow (batch-mates in the
     * resumed window, not written again): the rows before startRow are already in the output, so what
     * is committed must never go below startRow (a checkpoint saying fewer rows than the output holds
     * would make the next resume write those rows twice).
     */
    @Test
    void aResumedRunNeverCommitsLessThanItsStartRow() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            List<dev.infer.io.Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                rows.add(Fakes.ok(i, 4)); // equal lengths: calls of 4 rows in input order
            }
            Duration grace = Duration.ofMillis(50);
            PipelineConfig config = Fakes.withGrace(Fakes.config(1, 4, 1, 64), grace).withStartRow(40);
            Fakes.Gate gate = Fakes.Gate.everyCall();
            Fakes.FakeTask task = new Fakes.FakeTask(gate);
            Fakes.FakeClock clock = new Fakes.FakeClock();
            Pipeline pipeline = new Pipeline(null, task, config, Reuse.NONE, clock);
            Background bg = new Background(pipeline, new Fakes.ListReader(rows));
            gate.started.acquire(); // the first call, on rows before startRow, runs
            pipeline.stop();
            clock.expireGrace(grace);
            gate.release(10_000);
            Fakes.Run run = bg.join();
            assertNull(run.failure);
            assertTrue(run.summary.interrupted());
            assertTrue(run.writer.rows.isEmpty(), "nothing from row 40 on was reached");
            List<List<Long>> calls = task.callsSnapshot();
            assertEquals(1, calls.size(), "stopped while recomputing rows 0..39: " + calls);
            assertTrue(calls.get(0).stream().allMatch(i -> i < 40), "the call was on rows before startRow");
            assertEquals(40, run.summary.rowsCommitted());
            for (long c : run.committed) {
                assertTrue(c >= 40, "committed " + c + " rows, but the output already holds 40");
            }
        });
    }
}
