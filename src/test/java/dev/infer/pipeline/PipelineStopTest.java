package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Stops the pipeline from another thread once {@code rows} rows were written. */
    private static Thread stopAfter(Pipeline pipeline, Fakes.RecordingWriter writer, long rows, AtomicLong stopNanos) {
        Thread t = new Thread(() -> {
            while (writer.count.get() < rows) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            stopNanos.set(System.nanoTime());
            pipeline.stop();
        }, "test-stopper");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @ParameterizedTest(name = "threads={0} rowsPerCall={1} queue={2}")
    @CsvSource({"1,1,1", "3,1,1", "3,1,4", "1,8,1", "3,8,2", "4,16,1"})
    void stopWritesAContiguousPrefix(int threads, int rowsPerCall, int queue) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            int n = 20_000;
            Fakes.FakeTask task = Fakes.FakeTask.slowRandom(1000);
            Pipeline pipeline = new Pipeline(task, Fakes.config(threads, rowsPerCall, queue, 32));
            Fakes.RecordingWriter writer = new Fakes.RecordingWriter();
            stopAfter(pipeline, writer, 40, new AtomicLong());
            Fakes.Run run = Fakes.run(pipeline, new Fakes.ListReader(Fakes.rows(n, 5, 20)), writer);
            assertPrefix(run, n);
            assertTrue(run.writer.rows.size() >= 40);
            RunStats.Snapshot s = run.summary.stats();
            assertTrue(s.rowsRead() >= s.rowsWritten(), "rows read " + s.rowsRead() + " < written");
            assertTrue(s.rowsRead() < n);
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
     * A task whose calls take 200 ms cannot be cancelled (it runs no model): after the 50 ms grace
     * the run gives up on it and returns within about the grace plus the call in flight.
     */
    @ParameterizedTest(name = "threads={0} rowsPerCall={1}")
    @CsvSource({"2,8", "1,8", "2,1", "1,1"})
    void stopWithSlowCallsReturnsWithinGracePlusACall(int threads, int rowsPerCall) {
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            long call = 200;
            long grace = 50;
            int n = 400;
            Fakes.FakeTask task = Fakes.FakeTask.sleeping(call);
            PipelineConfig config = Fakes.withGrace(Fakes.config(threads, rowsPerCall, 1, 8), Duration.ofMillis(grace));
            Pipeline pipeline = new Pipeline(task, config);
            AtomicLong stopAt = new AtomicLong();
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(call + call / 2); // mid-way through the second round of calls
                } catch (InterruptedException e) {
                    return;
                }
                stopAt.set(System.nanoTime());
                pipeline.stop();
            });
            stopper.start();
            Fakes.Run run = Fakes.run(pipeline, new Fakes.ListReader(Fakes.rows(n, 5, 20)));
            long afterStop = (System.nanoTime() - stopAt.get()) / 1_000_000;
            stopper.join();
            assertPrefix(run, n);
            // the reader notices, the grace runs out, the call in flight ends: roughly grace + one call
            long bound = grace + 2 * call + 250;
            assertTrue(afterStop <= bound, "run returned " + afterStop + " ms after stop(); expected <= " + bound);
            long callsAfterStop = task.calls.size();
            assertTrue(callsAfterStop <= (long) threads * 4 + 2, "calls made in all: " + callsAfterStop);
        });
    }

    /**
     * The grace runs out while one worker is stuck in a long call and another waits for room in the
     * sequencing writer (its rows are too far ahead). The waiting worker must be released: the run
     * returns once the long call ends, with nothing but the finished prefix written.
     */
    @Test
    void graceExpiryReleasesWorkersWaitingForTheWriter() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            int n = 2_000;
            // threads 2, one row per call (8-row units), queue 1: writer capacity 2*8 + (1+2)*8 = 40 rows
            PipelineConfig config = Fakes.withGrace(Fakes.config(2, 1, 1, 8), Duration.ofMillis(50));
            CountDownLatch rowZeroStarted = new CountDownLatch(1);
            Fakes.FakeTask task = new Fakes.FakeTask(ids -> {
                if (ids.contains(0L)) {
                    rowZeroStarted.countDown();
                    Thread.sleep(700);
                }
            });
            Pipeline pipeline = new Pipeline(task, config);
            Fakes.ListReader reader = new Fakes.ListReader(Fakes.rows(n, 1, 5), i -> {
                if (i == 48) {
                    try {
                        rowZeroStarted.await(5, TimeUnit.SECONDS);
                        Thread.sleep(100); // the other worker runs rows 8..47 and waits with rows 40..47
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    pipeline.stop();
                }
            });
            Fakes.Run run = Fakes.run(pipeline, reader);
            assertPrefix(run, n);
            assertEquals(0, run.summary.rowsCommitted(), "row 0 was still running when the grace ran out");
            assertTrue(run.millis < 3_000, "took " + run.millis + " ms");
        });
    }

    /**
     * A call that fails because the run gave up on it (with a model: cancelled after the grace) is
     * not split and retried in halves: nothing runs after the run was abandoned.
     */
    @Test
    void aCallFailingAfterTheGraceIsNotRetriedInHalves() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            AtomicLong stoppedAt = new AtomicLong();
            long grace = 50;
            Fakes.FakeTask task = new Fakes.FakeTask(ids -> {
                if (stoppedAt.get() == 0) {
                    Thread.sleep(300);
                }
                long stop = stoppedAt.get();
                if (stop != 0 && System.nanoTime() - stop > (grace + 10) * 1_000_000) {
                    throw new Exception("cancelled"); // what an ONNX Runtime call cancelled after the grace does
                }
            });
            List<dev.infer.io.Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                rows.add(Fakes.ok(i, 4)); // equal lengths: every 8-row window is one call
            }
            Pipeline pipeline = new Pipeline(task,
                    Fakes.withGrace(Fakes.config(1, 8, 1, 8), Duration.ofMillis(grace)));
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                stoppedAt.set(System.nanoTime());
                pipeline.stop();
            });
            stopper.start();
            Fakes.Run run = Fakes.run(pipeline, new Fakes.ListReader(rows));
            stopper.join();
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
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            List<dev.infer.io.Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                rows.add(Fakes.ok(i, 4)); // equal lengths: calls of 4 rows in input order
            }
            PipelineConfig config = Fakes.withGrace(Fakes.config(1, 4, 1, 64), Duration.ofMillis(50)).withStartRow(40);
            Fakes.FakeTask task = Fakes.FakeTask.sleeping(100);
            Pipeline pipeline = new Pipeline(task, config);
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                pipeline.stop();
            });
            stopper.start();
            Fakes.Run run = Fakes.run(pipeline, new Fakes.ListReader(rows));
            stopper.join();
            assertNull(run.failure);
            assertTrue(run.summary.interrupted());
            assertTrue(run.writer.rows.isEmpty(), "nothing from row 40 on was reached");
            assertTrue(task.calls.size() < 10, "stopped while recomputing rows 0..39");
            assertEquals(40, run.summary.rowsCommitted());
            for (long c : run.committed) {
                assertTrue(c >= 40, "committed " + c + " rows, but the output already holds 40");
            }
        });
    }
}
