package dev.infer.cli;

import dev.infer.io.Checkpoint;
import dev.infer.io.ErrorLog;
import dev.infer.io.Format;
import dev.infer.io.InputFingerprint;
import dev.infer.io.InputSpec;
import dev.infer.io.OutputKind;
import dev.infer.io.OutputOrigin;
import dev.infer.io.OutputTarget;
import dev.infer.io.RowReader;
import dev.infer.io.RowReaders;
import dev.infer.io.RowWriter;
import dev.infer.io.RowWriters;
import dev.infer.model.Model;
import dev.infer.model.ModelIdentity;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.WeightHashes;
import dev.infer.model.SessionSettings;
import dev.infer.pipeline.FailedRowSink;
import dev.infer.pipeline.OutputCommitter;
import dev.infer.pipeline.Pipeline;
import dev.infer.pipeline.PipelineConfig;
import dev.infer.pipeline.ProgressListener;
import dev.infer.pipeline.Reuse;
import dev.infer.pipeline.RunSummary;
import dev.infer.task.Task;
import dev.infer.task.TaskInterceptor;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every row command shares: open the input, load the model once, build the task, run the
 * pipeline into the output, report. Commands only say which task to build.
 */
final class JobRunner {
    private final CommandSpec spec;
    private final String command;
    private final InputOptions input;
    private final OutputOptions output;
    private final ModelOptions modelOptions;
    private final RunSettings settings;
    private final PrintWriter err;

    JobRunner(CommandSpec spec, InputOptions input, OutputOptions output, ModelOptions modelOptions,
              RunSettings settings, PrintWriter err) {
        this.spec = spec;
        this.command = spec.name();
        this.input = input;
        this.output = output;
        this.modelOptions = modelOptions;
        this.settings = settings;
        this.err = err;
    }

    @FunctionalInterface
    interface TaskBuilder {
        Task create(Model model) throws Exception;
    }

    int run(TaskBuilder taskFactory) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = settings.threads != null ? settings.threads : cores;
        validate(threads);
        OutputKind outKind = PreflightChecks.check(input.in, output.out, settings.errors, settings.summary,
                settings.resume);
        // Open the input first: a wrong file or column should fail in milliseconds, not after loading a model.
        try (RowReader reader = RowReaders.open(input.spec(System.in))) {
            SessionSettings session = SessionSettings.of(settings.intraOpThreads, threads, cores, settings.batchSize);
            try (ReuseSetup reuseSetup = ReuseSetup.open(settings.cache, this::warn);
                 Model model = ModelLoader.load(ModelRef.parse(modelOptions.model, modelOptions.modelFile, command),
                         session, modelOptions.maxLength)) {
                Task task = TaskInterceptor.wrapAll(taskFactory.create(model));
                if (reuseSetup.cached() && !task.runsModel()) {
                    throw new UsageException("--cache keeps model results; infer " + command + " runs no model");
                }
                int rowsPerCall = rowsPerCall(model);
                ModelIdentity modelId = toFile() || reuseSetup.cached()
                        ? ModelIdentity.of(model.info(), WeightHashes.standard()) : null;
                java.util.Map<String, String> identity = modelId != null
                        ? RunIdentity.of(spec, rowsPerCall, model.info(), modelId, task.identity()) : null;
                Reuse reuse = task.runsModel()
                        ? reuseSetup.reuse(!settings.noDedupe, spec.qualifiedName(), modelId, identity)
                        : Reuse.NONE; // counting tokens is cheaper than remembering them
                PipelineConfig config = new PipelineConfig(threads, rowsPerCall, settings.maxBatchTokens,
                        settings.queue != null ? settings.queue : 4 * threads, PipelineConfig.DEFAULT_WINDOW,
                        settings.onError, settings.maxErrors, settings.batchTimeout, settings.grace, 0);
                // A checkpoint needs a file to write next to and an input that can be read again.
                Checkpoint fresh = outKind.resumable() && !input.in.equals("-")
                        ? new Checkpoint(Checkpoint.VERSION, 0, 0, InputFingerprint.of(Path.of(input.in)),
                                identity)
                        : null;
                Optional<Checkpoint> resumeFrom = settings.resume ? resumePoint(fresh) : Optional.empty();
                if (settings.resume && resumeFrom.isEmpty() && Files.exists(Path.of(output.out))
                        && Files.notExists(OutputTarget.partialOf(Path.of(output.out)))) {
                    Optional<OutputOrigin> origin = OutputOrigin.load(Path.of(output.out));
                    Optional<String> stale = origin.isEmpty()
                            ? Optional.of("nothing records what produced it")
                            : origin.get().differenceFrom(fresh.input(), fresh.identity());
                    if (stale.isEmpty()) {
                        note("nothing to resume: " + output.out + " is already complete, from the same input and options");
                        return ExitCodes.OK;
                    }
                    note(output.out + " is complete but out of date (" + stale.get()
                            + "); running afresh and replacing it");
                }
                return execute(reader, task, resumeFrom.map(c -> config.withStartRow(c.rowsCommitted())).orElse(config),
                        fresh, resumeFrom, reuse, reuseSetup);
            }
        }
    }

    /** The checkpoint to continue from, after checking it belongs to this very run. */
    private Optional<Checkpoint> resumePoint(Checkpoint fresh) {
        Path out = Path.of(output.out);
        Path checkpointFile = Checkpoint.pathFor(out);
        Optional<Checkpoint> saved = Checkpoint.load(checkpointFile);
        if (saved.isEmpty()) {
            if (Files.exists(OutputTarget.partialOf(out)) || Files.notExists(out)) {
                note("no checkpoint for " + out + " yet; starting from the first row");
            }
            return Optional.empty();
        }
        Optional<String> difference = saved.get().differenceFrom(fresh.input(), fresh.identity());
        if (difference.isPresent()) {
            throw new UsageException("cannot resume " + out + ": " + difference.get()
                    + " since the interrupted run; run without --resume to start over");
        }
        if (Files.notExists(OutputTarget.partialOf(out))) {
            if (Files.exists(out)) {
                return Optional.empty(); // completed just before the checkpoint was removed
            }
            throw new UsageException("cannot resume " + out + ": " + OutputTarget.partialOf(out)
                    + " is missing; run without --resume to start over");
        }
        return saved;
    }

    private int execute(RowReader reader, Task task, PipelineConfig config, Checkpoint fresh,
                        Optional<Checkpoint> resumeFrom, Reuse reuse, ReuseSetup reuseSetup) throws Exception {
        Format outFormat = outputFormat(reader);
        Path outPath = toFile() ? Path.of(output.out) : null;
        Path checkpointFile = fresh != null ? Checkpoint.pathFor(outPath) : null;
        long keepBytes = resumeFrom.map(Checkpoint::outputBytes).orElse(-1L);
        Pipeline pipeline = new Pipeline(task, config, reuse);
        RunSummary summary;
        try (OutputTarget target = OutputTarget.open(output.out, keepBytes);
             ErrorLog errors = settings.errors != null ? ErrorLog.open(Path.of(settings.errors), resumeFrom.isPresent()) : null) {
            RowWriter writer = RowWriters.open(target.stream(), outFormat, reader.columns(), task.resultFields(),
                    keepBytes > 0);
            OutputCommitter committer = rows -> {
                if (errors != null) {
                    errors.flush();
                }
                long bytes = target.sync(); // the checkpoint may only cover bytes that are on disk
                if (checkpointFile != null) {
                    fresh.at(rows, bytes).save(checkpointFile);
                }
            };
            FirstFailure failedRows = new FirstFailure(errors != null ? errors::write : FailedRowSink.NONE);
            boolean showProgress = !settings.quiet && ProgressReporter.stderrIsTerminal();
            Integer signalCode;
            // The bar first: its terminal library installs its own SIGINT handler, which ours must replace.
            try (ProgressReporter bar = showProgress ? ProgressReporter.start(command, inputSize(), System.err) : null;
                 Signals signals = Signals.install(pipeline::stop)) {
                ProgressListener listener = bar != null ? bar : ProgressListener.NONE;
                summary = pipeline.run(reader, writer, listener, committer, failedRows);
                signalCode = summary.interrupted() ? signals.exitCode() : null;
            }
            writer.flush();
            if (errors != null) {
                errors.flush();
            }
            int code = exitCode(summary, signalCode);
            boolean allFailed = code == ExitCodes.ROWS_FAILED && summary.stats().rowsFailed() == summary.stats().rowsRead();
            if (allFailed) {
                code = ExitCodes.FAILURE;
            }
            droppedFieldsNote(writer);
            // Report before completing: if the summary cannot be written, FILE.partial and its
            // checkpoint stay, and a --resume finishes the job.
            report(summary, config, code, writer, pipeline.reuseCounts(), reuseSetup.cached(), task);
            if (!summary.interrupted()) {
                if (outPath != null && target.isFile()) {
                    OutputOrigin.remove(outPath);
                }
                target.complete();
                if (checkpointFile != null) {
                    new OutputOrigin(OutputOrigin.VERSION, fresh.input(), fresh.identity(), summary.rowsCommitted())
                            .saveFor(outPath);
                    Files.deleteIfExists(checkpointFile);
                }
            }
            try {
                reuseSetup.finished(summary.stats().rowsRead(), pipeline.reuseCounts());
            } catch (dev.infer.cache.CacheException e) { // the output is complete and right; only the history misses a line
                warn(e.getMessage());
            }
            if (allFailed) {
                err.println("infer: every row failed (" + String.format("%,d", summary.stats().rowsFailed())
                        + "); the first: " + failedRows.first());
            }
            return code;
        }
    }

    /** Said once, at the end: JSON keys that a CSV/TSV output has no column for. */
    private void droppedFieldsNote(RowWriter writer) {
        long rows = writer.rowsWithDroppedFields();
        if (rows > 0) {
            note(String.format("%,d rows had fields the first JSON object lacks (%s); %s output has only the first"
                    + " object's columns, so they were left out (use JSONL output to keep them)", rows,
                    String.join(", ", writer.droppedFieldNames()), outputFormatName()));
        }
    }

    private String outputFormatName() {
        return output.format != null ? output.format.name()
                : Format.fromFileName(output.out).map(Enum::name).orElse("CSV/TSV");
    }

    private static int exitCode(RunSummary summary, Integer signalCode) {
        if (signalCode != null) {
            return signalCode;
        }
        return summary.stats().rowsFailed() > 0 ? ExitCodes.ROWS_FAILED : ExitCodes.OK;
    }

    private void report(RunSummary summary, PipelineConfig config, int code, RowWriter writer,
                        dev.infer.pipeline.ReuseCounts reuse, boolean cached, Task task) throws java.io.IOException {
        if (!settings.quiet) {
            SummaryReport.print(err, SummaryReport.line(summary, config) + SummaryReport.reuse(reuse, cached));
        }
        if (settings.summary != null) {
            java.util.Map<String, Object> fields = SummaryReport.fields(summary, command, code, config);
            fields.putAll(SummaryReport.reuseFields(reuse));
            fields.put("rows_with_dropped_fields", writer.rowsWithDroppedFields());
            fields.put("dropped_fields", java.util.List.copyOf(writer.droppedFieldNames()));
            if (!task.summaryFields().isEmpty()) {
                fields.put("few_shot", task.summaryFields());
            }
            SummaryReport.writeJson(Path.of(settings.summary), fields);
        }
    }

    private void warn(String message) {
        err.println("infer: warning: " + message);
    }

    private void note(String message) {
        if (!settings.quiet) {
            err.println("infer: " + message);
        }
    }

    private boolean toFile() {
        return !output.out.equals("-");
    }

    private int rowsPerCall(Model model) {
        int rows = dev.infer.task.TaskFactory.rowsPerCall(model.info(), settings.batchSize);
        if (settings.batchSize == null) {
            return rows;
        }
        if (settings.batchSize > 1 && model.info().batchSensitive() && !settings.quiet) {
            err.println("infer: note: this model is batch-sensitive (quantized); with --batch-size "
                    + settings.batchSize + " a row's numbers depend slightly on its batch-mates (see README)");
        }
        return settings.batchSize;
    }

    private void validate(int threads) {
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1 (got " + threads + ")");
        }
        if (settings.batchSize != null && settings.batchSize < 1) {
            throw new UsageException("--batch-size must be at least 1 (got " + settings.batchSize + ")");
        }
        if (settings.maxBatchTokens < 1) {
            throw new UsageException("--max-batch-tokens must be at least 1 (got " + settings.maxBatchTokens + ")");
        }
        if (settings.queue != null && settings.queue < 1) {
            throw new UsageException("--queue must be at least 1 (got " + settings.queue + ")");
        }
        if (settings.intraOpThreads != null && settings.intraOpThreads < 1) {
            throw new UsageException("--intra-op-threads must be at least 1 (got " + settings.intraOpThreads + ")");
        }
        if (settings.resume && input.in.equals("-")) {
            throw new UsageException("--resume needs --in FILE and --out FILE (a stream cannot be resumed)");
        }
        if (modelOptions.maxLength != null && modelOptions.maxLength < 2) {
            throw new UsageException("--max-length must be at least 2 (got " + modelOptions.maxLength + ")");
        }
        if (settings.maxErrors < -1) {
            throw new UsageException("--max-errors must be 0 or more (got " + settings.maxErrors + ")");
        }
    }

    private Format outputFormat(RowReader reader) {
        if (output.format != null) {
            return output.format;
        }
        if (!output.out.equals("-")) {
            var byName = Format.fromFileName(output.out);
            if (byName.isPresent()) {
                return byName.get();
            }
        }
        return reader.format();
    }

    private long inputSize() {
        if (input.in.equals("-")) {
            return -1;
        }
        try {
            return Files.size(Path.of(input.in));
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
