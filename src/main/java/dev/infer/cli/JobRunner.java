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
import dev.infer.job.EngineOptions;
import dev.infer.job.JobIdentity;
import dev.infer.job.JobSpec;
import dev.infer.job.PreparedJob;
import dev.infer.model.Model;
import dev.infer.pipeline.PipelineConfig;
import dev.infer.pipeline.FailedRowSink;
import dev.infer.pipeline.OutputCommitter;
import dev.infer.pipeline.Pipeline;
import dev.infer.pipeline.ProgressListener;
import dev.infer.pipeline.Reuse;
import dev.infer.pipeline.RunSummary;
import dev.infer.task.Task;
import dev.infer.task.TaskKind;

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
    /** --out, links followed (see {@link OutputOptions#target()}). */
    private final String out;
    private final RunSettings settings;
    private final PrintWriter err;
    /** Set once the run has them, so a run that fails still reports how far it got in --summary. */
    private Pipeline pipeline;
    private PipelineConfig config;

    JobRunner(CommandSpec spec, InputOptions input, OutputOptions output, RunSettings settings, PrintWriter err) {
        this.spec = spec;
        this.command = spec.name();
        this.input = input;
        this.output = output;
        this.out = output.target();
        this.settings = settings;
        this.err = err;
    }

    /**
     * Runs the job over the input into the output.
     *
     * @param task the job's task kind with its options checked and files read
     */
    int run(JobSpec job, TaskKind.Prepared task) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Integer threadsGiven = job.options().get(EngineOptions.THREADS);
        int threads = threadsGiven != null ? threadsGiven : cores;
        validate(threads, cores);
        OutputKind outKind = PreflightChecks.check(input.in, out, settings.errors, settings.summary,
                settings.resume);
        try {
            return run(job, task, threads, cores, outKind);
        } catch (Exception e) {
            // Monitoring reads the summary: a failed run must not leave the last good night's behind.
            failureSummary(Main.unwrap(e)).ifPresent(e::addSuppressed);
            throw e;
        }
    }

    private int run(JobSpec job, TaskKind.Prepared taskKind, int threads, int cores, OutputKind outKind)
            throws Exception {
        StdStream stdin = input.in.equals("-") ? StdStream.in() : null;
        if (stdin != null && stdin.terminal()) {
            note("reading rows from the terminal (type them, then Ctrl-D); give a file with --in FILE");
        }
        // Open the input first: a wrong file or column should fail in milliseconds, not after loading a model.
        try (RowReader reader = RowReaders.open(input.spec(System.in))) {

            try (ReuseSetup reuseSetup = ReuseSetup.open(settings.cache, this::warn);
                 Model model = job.loadModel(job.session(threads, cores))) {
                PreparedJob prepared = job.bind(model, taskKind);
                Task task = prepared.task();
                if (reuseSetup.cached() && !task.runsModel()) {
                    throw new UsageException("--cache keeps model results; infer " + command + " runs no model");
                }
                batchSensitivityNote(job, model);
                JobIdentity jobIdentity = toFile() || reuseSetup.cached() ? prepared.identity() : null;
                java.util.Map<String, String> identity = jobIdentity != null ? runIdentity(jobIdentity) : null;
                Reuse reuse = task.runsModel()
                        ? reuseSetup.reuse(!settings.noDedupe, spec.qualifiedName(), jobIdentity, identity,
                                ReuseSetup.typedOptions(spec, identity))
                        : Reuse.NONE; // counting tokens is cheaper than remembering them
                config = prepared.pipelineConfig(threads, settings.queue != null ? settings.queue : 4 * threads,
                        settings.maxErrors != null ? settings.maxErrors : -1, settings.grace);
                // A checkpoint needs a file to write next to and an input that can be read again.
                Checkpoint fresh = outKind.resumable() && !input.in.equals("-")
                        ? new Checkpoint(Checkpoint.VERSION, 0, 0, InputFingerprint.of(Path.of(input.in)),
                                identity)
                        : null;
                Optional<Checkpoint> resumeFrom = settings.resume ? resumePoint(fresh) : Optional.empty();
                if (settings.resume && resumeFrom.isEmpty() && Files.exists(Path.of(out))
                        && Files.notExists(OutputTarget.partialOf(Path.of(out)))) {
                    Optional<OutputOrigin> origin = OutputOrigin.load(Path.of(out));
                    Optional<String> stale = origin.isEmpty()
                            ? Optional.of("nothing records what produced it")
                            : origin.get().differenceFrom(fresh.input(), fresh.identity());
                    if (stale.isEmpty()) {
                        String nothing = "nothing to resume: " + out
                                + " is already complete, from the same input and options";
                        note(nothing);
                        if (settings.summary != null) {
                            RunSummary none = new RunSummary(new dev.infer.pipeline.RunStats().snapshot(), false,
                                    origin.get().rows(), 0);
                            java.util.Map<String, Object> fields = SummaryReport.fields(none, command, ExitCodes.OK, config);
                            fields.put("reason", nothing);
                            SummaryReport.writeJson(Path.of(settings.summary), fields);
                        }
                        return ExitCodes.OK;
                    }
                    note(out + " is complete but out of date (" + stale.get()
                            + "); running afresh and replacing it");
                }
                return execute(reader, task, resumeFrom.map(c -> config.withStartRow(c.rowsCommitted())).orElse(config),
                        fresh, resumeFrom, reuse, reuseSetup);
            }
        }
    }

    /** The checkpoint to continue from, after checking it belongs to this very run. */
    private Optional<Checkpoint> resumePoint(Checkpoint fresh) {
        Path out = Path.of(this.out);
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
        Path outPath = toFile() ? Path.of(out) : null;
        Path checkpointFile = fresh != null ? Checkpoint.pathFor(outPath) : null;
        long keepBytes = resumeFrom.map(Checkpoint::outputBytes).orElse(-1L);
        pipeline = new Pipeline(task, config, reuse);
        RunSummary summary;
        try (OutputTarget target = OutputTarget.open(out, keepBytes);
             ErrorLog errors = settings.errors != null ? ErrorLog.open(Path.of(settings.errors), resumeFrom.isPresent()) : null) {
            RowWriter writer = RowWriters.open(target.stream(), outFormat, reader.columns(), task.schema().names(),
                    keepBytes > 0);
            OutputCommitter committer = new OutputCommitter() {
                @Override
                public void committed(long rows) throws java.io.IOException {
                    if (errors != null) {
                        errors.flush();
                    }
                    long bytes = target.sync(); // the checkpoint may only cover bytes that are on disk
                    if (checkpointFile != null) {
                        fresh.at(rows, bytes).save(checkpointFile);
                    }
                }

                @Override
                public void idle() throws java.io.IOException {
                    if (!target.isFile()) {
                        writer.flush(); // a pipe's reader sees rows as they are done; a file waits for its checkpoint
                    }
                }
            };
            FirstFailure failedRows = new FirstFailure(errors != null ? errors::write : FailedRowSink.NONE);
            // Rows written to the same screen would tear the bar apart: no bar then.
            boolean showProgress = !settings.quiet && ProgressReporter.stderrIsTerminal()
                    && !(out.equals("-") && StdStream.out().terminal());
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
            report(summary, config, code, reason(code, summary, failedRows), writer, pipeline.reuseCounts(),
                    reuseSetup.cached(), task);
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
            StdStream stdin = input.in.equals("-") ? StdStream.in() : null;
            if (stdin != null && !stdin.toAProcess() && summary.stats().rowsRead() == 0) {
                // cron gives a job /dev/null: a forgotten --in would otherwise be a quiet exit 0
                warn("no rows: standard input is " + stdin.target() + ", not a pipe (forgot --in FILE?)");
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
            note(String.format("%s had fields the first JSON object lacks (%s); %s output has only the first"
                    + " object's columns, so they were left out (use JSONL output to keep them)", SummaryReport.rows(rows),
                    String.join(", ", writer.droppedFieldNames()), outputFormatName()));
        }
    }

    private String outputFormatName() {
        return output.format != null ? output.format.name()
                : Format.fromFileName(out).map(Enum::name).orElse("CSV/TSV");
    }

    private static int exitCode(RunSummary summary, Integer signalCode) {
        if (signalCode != null) {
            return signalCode;
        }
        return summary.stats().rowsFailed() > 0 ? ExitCodes.ROWS_FAILED : ExitCodes.OK;
    }

    /** Why the run ended as it did, in the words monitoring shows (null when every row was done). */
    private static String reason(int code, RunSummary summary, FirstFailure failedRows) {
        return switch (code) {
            case ExitCodes.OK -> null;
            case ExitCodes.INTERRUPTED -> "stopped by SIGINT";
            case ExitCodes.TERMINATED -> "stopped by SIGTERM";
            case ExitCodes.ROWS_FAILED -> String.format("%,d of %,d rows failed", summary.stats().rowsFailed(),
                    summary.stats().rowsRead());
            default -> "every row failed; the first: " + failedRows.first();
        };
    }

    /**
     * Writes --summary for a run that ended with {@code cause} (exit code, {@code completed: false}, the
     * reason and the counts so far); returns the failure to write it, if any, for the caller to attach.
     */
    private Optional<Exception> failureSummary(Throwable cause) {
        if (settings.summary == null) {
            return Optional.empty();
        }
        int code = Main.exitCodeOf(cause);
        String message = Main.messageOf(cause);
        RunSummary sofar = new RunSummary(pipeline != null ? pipeline.stats().snapshot()
                : new dev.infer.pipeline.RunStats().snapshot(), true, 0, 0);
        java.util.Map<String, Object> fields = SummaryReport.fields(sofar, command, code, config);
        fields.put("reason", message != null ? message : "standard output was closed by its reader");
        try {
            SummaryReport.writeJson(Path.of(settings.summary), fields);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(e);
        }
    }

    private void report(RunSummary summary, PipelineConfig config, int code, String reason, RowWriter writer,
                        dev.infer.pipeline.ReuseCounts reuse, boolean cached, Task task) throws java.io.IOException {
        if (!settings.quiet) {
            boolean resumable = out != null && !out.equals("-") && !input.in.equals("-")
                    && Files.exists(Checkpoint.pathFor(Path.of(out)));
            SummaryReport.print(err, SummaryReport.line(summary, config, resumable) + SummaryReport.reuse(reuse, cached));
        }
        if (settings.summary != null) {
            java.util.Map<String, Object> fields = SummaryReport.fields(summary, command, code, config);
            fields.put("reason", reason);
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
        return !out.equals("-");
    }

    private void batchSensitivityNote(JobSpec job, Model model) {
        Integer batchSize = job.options().get(EngineOptions.BATCH_SIZE);
        if (batchSize != null && batchSize > 1 && model.info().batchSensitive() && !settings.quiet) {
            err.println("infer: note: this model is batch-sensitive (quantized); with --batch-size "
                    + batchSize + " a row's numbers depend slightly on its batch-mates (see README)");
        }
    }

    /** The CLI's options that shape the output besides the job's: where the text comes from, the output's layout. */
    private static final java.util.List<String> IO_SHAPING = java.util.List.of("--format", "--text-column",
            "--delimiter", "--out-format");

    /**
     * Everything that shapes this run's output bytes, for checking that a resume continues the same run: the
     * command, the job's identity (its options spelled as flags) and the CLI's own input and output options.
     */
    private java.util.Map<String, String> runIdentity(JobIdentity job) {
        java.util.Map<String, String> id = new java.util.TreeMap<>(job.asMap(k -> "--" + k));
        id.put("command", spec.qualifiedName());
        for (String name : IO_SHAPING) {
            Object v = spec.findOption(name).getValue();
            id.put(name, v == null ? "" : String.valueOf(v));
        }
        return id;
    }

    private void validate(int threads, int cores) {
        if (threads > 4 * cores) {
            // Allowed (a model call may wait on something), but it is almost always a slip: workers take turns.
            warn("--threads " + threads + " is far more than the " + cores + " processors; threads beyond them"
                    + " only take turns, so the run is slower, not faster");
        }
        if (settings.queue != null && settings.queue < 1) {
            throw new UsageException("--queue must be at least 1 (got " + settings.queue + ")");
        }
        if (settings.resume && input.in.equals("-")) {
            throw new UsageException("--resume needs --in FILE and --out FILE (a stream cannot be resumed)");
        }
        if (settings.maxErrors != null && settings.maxErrors < 0) {
            throw new UsageException("--max-errors must be 0 or more (got " + settings.maxErrors
                    + "); leave it out for no limit");
        }
    }

    private Format outputFormat(RowReader reader) {
        if (output.format != null) {
            return output.format;
        }
        if (!out.equals("-")) {
            var byName = Format.fromFileName(out);
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
