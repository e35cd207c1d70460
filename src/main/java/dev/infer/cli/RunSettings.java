package dev.infer.cli;

import dev.infer.pipeline.ErrorPolicy;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The CLI's own run settings: queueing, failures, signals, resume and reuse, reporting (the options that
 * shape how the engine runs the model are the job's: {@link dev.infer.job.EngineOptions}).
 */
public final class RunSettings {
    @Option(names = "--queue", paramLabel = "N",
            description = "Batches waiting for a worker (backpressure). Default: 4 per thread.")
    Integer queue;

    @Option(names = "--max-errors", paramLabel = "N",
            description = "Stop the run once more than N rows failed. Default: no limit.")
    Long maxErrors;

    @Option(names = "--errors", paramLabel = "FILE",
            description = "Also write every failed row (line number, reason, input fields) as JSON lines to FILE.")
    String errors;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "On SIGINT/SIGTERM, how long work in flight may take to finish before it is cancelled."
                    + " Default: ${DEFAULT-VALUE}. Scripts send SIGTERM: a background job of a script inherits"
                    + " an ignored SIGINT, which infer leaves ignored, as GNU tools do.")
    java.time.Duration grace;

    @Option(names = "--resume",
            description = "Continue an interrupted run into --out FILE: keeps the rows FILE.partial already holds"
                    + " (per FILE.checkpoint) and appends the rest. Needs the same input, model and options.")
    boolean resume;

    @Option(names = "--no-dedupe",
            description = "Compute every row, even one whose text came earlier in the run. Default: a repeated"
                    + " text (among the last 10,000 distinct ones) reuses the first result; the output is the same.")
    boolean noDedupe;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "Keep results across runs in FILE (an SQLite database, created if missing): a row"
                    + " whose text was computed before by the same model, command and options is read from it,"
                    + " new results are added. The output is the same as without it. Safe to share between"
                    + " processes and to kill. See 'infer cache stats|prune'.")
    String cache;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary line on stderr.")
    boolean quiet;

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Also write the run's counts, timings and throughput as JSON to FILE.")
    String summary;
}
