package dev.infer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Config validation and derived values, stats arithmetic, call guard and error messages. */
class PipelineConfigTest {

    private static PipelineConfig config(int threads, int rowsPerCall, int maxBatchTokens, int queue, int window,
                                         Duration grace, long startRow) {
        return new PipelineConfig(threads, rowsPerCall, maxBatchTokens, queue, window, ErrorPolicy.RECORD, -1, null,
                grace, startRow);
    }

    @Test
    void rejectsInvalidValues() {
        Duration g = Duration.ofSeconds(1);
        assertEquals("threads must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> config(0, 1, 1, 1, 1, g, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> config(1, 0, 1, 1, 1, g, 0));
        assertThrows(IllegalArgumentException.class, () -> config(1, 1, 0, 1, 1, g, 0));
        assertThrows(IllegalArgumentException.class, () -> config(1, 1, 1, 0, 1, g, 0));
        assertThrows(IllegalArgumentException.class, () -> config(1, 1, 1, 1, 0, g, 0));
        assertThrows(IllegalArgumentException.class, () -> config(1, 1, 1, 1, 1, g, -1));
        assertThrows(IllegalArgumentException.class, () -> config(1, 1, 1, 1, 1, null, 0));
        assertThrows(IllegalArgumentException.class, () -> config(1, 1, 1, 1, 1, Duration.ofMillis(-1), 0));
        config(1, 1, 1, 1, 1, Duration.ZERO, 0); // zero grace is allowed
    }

    @Test
    void effectiveWindowAndBatching() {
        Duration g = Duration.ofSeconds(1);
        assertFalse(config(2, 1, 10, 1, 64, g, 0).batched());
        assertEquals(PipelineConfig.EXACT_UNIT, config(2, 1, 10, 1, 64, g, 0).effectiveWindow());
        assertTrue(config(2, 2, 10, 1, 64, g, 0).batched());
        assertEquals(64, config(2, 8, 10, 1, 64, g, 0).effectiveWindow());
        assertEquals(32, config(2, 32, 10, 1, 16, g, 0).effectiveWindow(), "a window holds at least one call");
    }

    @Test
    void defaultsAndWithStartRow() {
        PipelineConfig d = PipelineConfig.defaults(3);
        assertEquals(3, d.threads());
        assertEquals(1, d.rowsPerCall());
        assertEquals(12, d.queueCapacity());
        assertEquals(PipelineConfig.DEFAULT_WINDOW, d.window());
        assertEquals(PipelineConfig.DEFAULT_GRACE, d.grace());
        assertEquals(ErrorPolicy.RECORD, d.errorPolicy());
        assertEquals(-1, d.maxErrors());
        assertNull(d.batchTimeout());
        PipelineConfig r = d.withStartRow(77);
        assertEquals(77, r.startRow());
        assertEquals(new PipelineConfig(d.threads(), d.rowsPerCall(), d.maxBatchTokens(), d.queueCapacity(),
                d.window(), d.errorPolicy(), d.maxErrors(), d.batchTimeout(), d.grace(), 77), r);
    }

    @Test
    void snapshotArithmetic() {
        RunStats stats = new RunStats();
        RunStats.Snapshot empty = stats.snapshot();
        assertEquals(1.0, empty.paddingEfficiency());
        assertEquals(0, empty.meanCallMillis());
        stats.realTokens.add(30);
        stats.paddedTokens.add(40);
        stats.modelCalls.add(4);
        stats.modelNanos.add(8_000_000);
        stats.rowsWritten.set(10);
        stats.rowsSkipped.set(2);
        RunStats.Snapshot s = stats.snapshot();
        assertEquals(0.75, s.paddingEfficiency(), 1e-9);
        assertEquals(2.0, s.meanCallMillis(), 1e-9);
        assertTrue(s.seconds() >= 0);
        RunStats.Snapshot fixed = new RunStats.Snapshot(0, 10, 0, 2, 0, 0, 0, 0, 0, 0, 4.0);
        assertEquals(3.0, fixed.rowsPerSecond(), 1e-9);
        assertEquals(0, new RunStats.Snapshot(0, 10, 0, 2, 0, 0, 0, 0, 0, 0, 0).rowsPerSecond());
    }

    @Test
    void callGuardWithoutModelPassesNoOptionsAndDescribesFailures() throws Exception {
        try (CallGuard guard = new CallGuard(false, Duration.ofMillis(1))) {
            assertEquals("ok", guard.call(options -> {
                assertFalse(options.cancelsModelCalls());
                return "ok";
            }));
            Exception boom = new IllegalStateException("bad shape\nstack details");
            assertThrows(IllegalStateException.class, () -> guard.call(options -> {
                Thread.sleep(5);
                guard.enforce(System.nanoTime()); // nothing to cancel without run options
                guard.cancel();
                throw boom;
            }));
            assertEquals("inference failed: bad shape", guard.describe(boom));
        }
    }

    @Test
    void workerMessageTakesTheFirstLineOrTheClassName() {
        assertEquals("first", BatchRunner.message(new RuntimeException("first\nsecond")));
        assertEquals("NullPointerException", BatchRunner.message(new NullPointerException()));
        assertEquals("IllegalStateException", BatchRunner.message(new IllegalStateException("  ")));
    }

    @Test
    void exceptionMessages() {
        RowOutcome o = RowOutcome.failure(Fakes.ok(4, 2), "inference failed: x");
        assertTrue(o.failed());
        assertFalse(RowOutcome.success(Fakes.ok(4, 2), new Object[0]).failed());
        assertEquals("row at line 6 failed: inference failed: x", new RowFailedException(o).getMessage());
        assertEquals("more than 3 rows failed (the last at line 6: inference failed: x); stopping",
                new TooManyErrorsException(3, o).getMessage());
    }
}
