package dev.infer.pipeline;

/**
 * The outcome of one run.
 *
 * @param stats         final counters
 * @param interrupted   whether the run was stopped before the end of the input
 * @param rowsCommitted input rows (from row 0) whose output was written
 * @param workersReplaced workers that died and were replaced
 */
public record RunSummary(RunStats.Snapshot stats, boolean interrupted, long rowsCommitted, int workersReplaced) {
}
