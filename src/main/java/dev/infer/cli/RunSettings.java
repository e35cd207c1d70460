package dev.infer.cli;

import dev.infer.pipeline.ErrorPolicy;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How the run uses the machine, and what it does with failures. */
public final class RunSettings {
    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Worker threads sharing one model session. Default: the number of processors.")
    Integer threads;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N",
            description = "Rows per model call. Default: 1 for batch-sensitive (quantized) models, so a row's"
                    + " answer never depends on its batch-mates; 32 otherwise. Larger values on a quantized"
                    + " model give up that exactness and were not faster in the README's benchmark; long"
                    + " batches take turns so that memory stays bounded.")
    Integer batchSize;

    @Option(names = "--max-batch-tokens", paramLabel = "N", defaultValue = "8192",
            description = "Cap on rows x padded length of one model call. Default: ${DEFAULT-VALUE}.")
    int maxBatchTokens;

    @Option(names = "--queue", paramLabel = "N",
            description = "Batches waiting for a worker (backpressure). Default: 4 per thread.")
    Integer queue;

    @Option(names = "--intra-op-threads", paramLabel = "N",
            description = "ONNX Runtime threads per model call. Default: processors / threads (at least 1),"
                    + " so workers never oversubscribe the cores.")
    Integer intraOpThreads;

    @Option(names = "--on-error", paramLabel = "POLICY", defaultValue = "record",
            converter = ErrorPolicyConverter.class,
            description = "A failed row is written with an 'error' field (record), left out (skip), or stops"
                    + " the run (fail). Default: ${DEFAULT-VALUE}.")
    ErrorPolicy onError;

    @Option(names = "--max-errors", paramLabel = "N",
            description = "Stop the run once more than N rows failed. Default: no limit.")
    Long maxErrors;

    @Option(names = "--batch-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Cancel a model call that runs longer (e.g. 500ms, 10s, 2m; a bare number is seconds);"
                    + " its rows are retried"
                    + " alone and fail with an error if they still time out. Default: none.")
    Duration batchTimeout;

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

    static final class ErrorPolicyConverter implements picocli.CommandLine.ITypeConverter<ErrorPolicy> {
        @Override
        public ErrorPolicy convert(String value) {
            try {
                return ErrorPolicy.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not an error policy (use record, skip or fail)");
            }
        }
    }
}
