package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.infer.pipeline.RunStats;
import org.junit.jupiter.api.Test;

/** The bar's position and words. */
class ProgressReporterTest {
    private static RunStats.Snapshot at(long read, long written, long bytesRead) {
        return new RunStats.Snapshot(read, written, 0, 0, bytesRead, 8, 0, 0, 0, 0, 2.0);
    }

    @Test
    void theBarFollowsRowsNotTheBytesTheReaderHasAlreadyRead() {
        // 300 rows, all read at once (3,000 bytes), 96 written: a third of the way, not 100%
        assertEquals(960, ProgressReporter.position(at(300, 96, 3000), 3000));
        assertEquals(3000, ProgressReporter.position(at(300, 300, 3000), 3000));
        assertEquals(0, ProgressReporter.position(at(0, 0, 0), 3000));
        assertEquals(96, ProgressReporter.position(at(300, 96, 3000), -1), "stdin: rows");
    }

    @Test
    void theMessageHasNoJargonAndAFixedWidth() {
        String small = ProgressReporter.message(at(9, 9, 0));
        String large = ProgressReporter.message(at(1_000_000, 1_000_000, 0));
        assertFalse(small.contains("queue"), small);
        assertEquals(small.length(), large.length(), small + " / " + large);
    }
}
