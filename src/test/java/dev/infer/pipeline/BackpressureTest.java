package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Memory stays flat: every queue is bounded, and the bounds cannot deadlock. */
class BackpressureTest {

    /**
     * A writer that stalls: the reader must stall too. Rows handed out by the reader but not yet
     * written never exceed a bound derived from the config, whatever the input length.
     */
    @ParameterizedTest(name = "threads={0} rowsPerCall={1} queue={2} window={3}")
    @CsvSource({"2,1,1,64", "3,1,4,64", "2,8,2,64", "3,16,1,128"})
    void rowsInFlightStayBoundedWhenTheWriterStalls(int threads, int rowsPerCall, int queue, int window) {
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            int n = 100_000;
            PipelineConfig config = Fakes.config(threads, rowsPerCall, queue, window);
            int w = config.effectiveWindow();
            long capacity = 2L * w + (long) (queue + threads) * Math.max(rowsPerCall, PipelineConfig.EXACT_UNIT);
            // pending in the writer (capacity + one window past it, the batch that got in last) + being
            // written + queued and running batches (each within one window) + the window being filled
            long bound = 2 * (capacity + w) + (long) (queue + threads + 1) * w;

            AtomicLong written = new AtomicLong();
            AtomicLong maxInFlight = new AtomicLong();
            AtomicLong readWhileStalled = new AtomicLong();
            List<Row> rows = Fakes.rows(n, 3, 16);
            Fakes.ListReader reader = new Fakes.ListReader(rows,
                    i -> maxInFlight.accumulateAndGet(i - written.get(), Math::max));
            Fakes.RecordingWriter writer = new Fakes.RecordingWriter(row -> {
                if (row.index() == 1_000 || row.index() == 60_000) {
                    // stall 300 ms; after the first 50 ms the reader must have stopped
                    LockSupport.parkNanos(50_000_000L);
                    long before = reader.handedOut.get();
                    LockSupport.parkNanos(250_000_000L);
                    readWhileStalled.accumulateAndGet(reader.handedOut.get() - before, Math::max);
                }
                written.incrementAndGet();
            });
            Fakes.Run run = Fakes.run(new Pipeline(Fakes.FakeTask.echo(), config), reader, writer);

            assertNull(run.failure);
            assertEquals(n, run.writer.count.get());
            assertEquals(n, run.summary.rowsCommitted());
            assertTrue(maxInFlight.get() <= bound,
                    "rows read but not written reached " + maxInFlight.get() + ", bound " + bound);
            assertEquals(0, readWhileStalled.get(), "the reader was still reading 50 ms into a writer stall");
        });
    }

    /**
     * The writer's bounded buffer with a small queue and random delays (and an occasional slow call
     * that makes the others run far ahead): never a deadlock, always every row in order.
     */
    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void sequencingWriterCapacityNeverDeadlocks(long seed) {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            int n = 3_000;
            PipelineConfig config = Fakes.config(3, 8, 1, 64);
            java.util.Random r = new java.util.Random(seed);
            java.util.Set<Long> slow = new java.util.HashSet<>();
            for (int i = 0; i < 6; i++) {
                slow.add((long) r.nextInt(n));
            }
            Fakes.FakeTask task = new Fakes.FakeTask(ids -> {
                long micros = java.util.concurrent.ThreadLocalRandom.current().nextLong(3_001);
                for (long id : ids) {
                    if (slow.contains(id)) {
                        micros = 30_000;
                    }
                }
                LockSupport.parkNanos(micros * 1000);
            });
            Fakes.Run run = Fakes.run(new Pipeline(task, config), new Fakes.ListReader(Fakes.rows(n, seed, 40)));
            assertNull(run.failure);
            assertEquals(range(0, n), run.writer.indices());
            assertEquals(n, run.summary.rowsCommitted());
        });
    }
}
