package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.pipeline.PipelineConfig;
import dev.infer.pipeline.RunStats;
import dev.infer.pipeline.RunSummary;
import org.junit.jupiter.api.Test;

/** The summary line's words. */
class SummaryReportTest {
    private static final RunStats.Snapshot ONE = new RunStats.Snapshot(1, 1, 0, 0, 10, 0, 1, 5, 3, 3, 1.0);

    @Test
    void oneRowIsARow() {
        String line = SummaryReport.line(new RunSummary(ONE, false, 1, 0), PipelineConfig.defaults(2), true);
        assertTrue(line.startsWith("infer: 1 row in 1.0 s"), line);
    }

    @Test
    void aStoppedRunSaysHowToContinueWhenItCan() {
        String file = SummaryReport.line(new RunSummary(ONE, true, 848, 0), PipelineConfig.defaults(2), true);
        assertTrue(file.endsWith("; stopped early after 848 rows — --resume continues"), file);
        String stream = SummaryReport.line(new RunSummary(ONE, true, 1, 0), PipelineConfig.defaults(2), false);
        assertTrue(stream.endsWith("; stopped early after 1 row"), stream);
    }
}
