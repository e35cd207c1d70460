package dev.infer.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.cli.JobOptions;
import dev.infer.job.EngineOptions;
import dev.infer.job.JobSpec;
import dev.infer.model.ModelException;
import dev.infer.task.OptionException;
import dev.infer.task.OptionSpec;
import dev.infer.task.OptionValues;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The spark-submit entry point: reads a table, runs a task of the registry (embed, classify, tokenize, rerank)
 * over it with {@link Infer}, writes the result, and prints one JSON summary line whose counts come from the written
 * output (not from accumulators, which task retries count twice).
 *
 * <pre>
 * spark-submit --class dev.infer.spark.InferJob infer.jar embed --in s3://b/docs --format parquet \
 *     --out s3://b/vectors --out-format parquet --text-column body --id-column id
 * </pre>
 *
 * Exit codes as the CLI's: 0 done, 1 failure (e.g. a row under --on-error fail), 2 usage (before Spark
 * does any work where the flags alone tell), 3 done but some rows failed.
 */
@Command(name = "dev.infer.spark.InferJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs infer over a table on Spark: embed, classify, tokenize or rerank every row of --in into --out.",
            "Input columns pass through; the task's result columns and 'error' (null when the row is fine) are added."},
        footer = {"", "Example:",
            "  spark-submit --class dev.infer.spark.InferJob infer.jar embed --in docs.parquet --out vectors"
                    + " --text-column body --id-column id"})
public final class InferJob implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int ROWS_FAILED = 3;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "embed, classify, tokenize or rerank")
    String command;

    @Option(names = "--in", required = true, paramLabel = "PATH", description = "Input table (any path Spark reads).")
    String in;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Input format: parquet, orc, csv (with a header), json (JSON lines) or text (one row per"
                    + " line, column 'value'). Default: from --in's extension, else parquet.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output folder.")
    String out;

    @Option(names = "--out-format", paramLabel = "FORMAT",
            description = "parquet, orc, csv or json. Default: the input format (json for text input). In csv,"
                    + " list and map columns are written as JSON strings.")
    String outFormat;

    @Option(names = "--overwrite", description = "Replace --out if it exists (default: refuse).")
    boolean overwrite;

    @Option(names = {"-c", "--text-column"}, paramLabel = "NAME",
            description = "Column the model reads. Default: 'text' ('value' for --format text).")
    String textColumn;

    @Option(names = "--id-column", paramLabel = "NAME", description = "Column that names rows in error messages.")
    String idColumn;

    @Option(names = "--repartition", paramLabel = "N", description = "Spread the input over N partitions first.")
    Integer repartition;

    @Option(names = "--output-column", paramLabel = "NAME",
            description = "Name of the main result column (embedding, label or labels, tokens). Default: that name.")
    String outputColumn;

    @Option(names = "--error-column", paramLabel = "NAME",
            description = "Name of the column for a failed row's reason (null when fine). Default: error. To run"
                    + " again on an output of infer, which has one already, name this run's (e.g. classify_error).")
    String errorColumn;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the summary JSON to FILE (local).")
    String summaryFile;

    @Spec
    CommandSpec spec;

    private PrintWriter err;
    private PrintWriter stdout;
    private SparkSession session;

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs the job in its own Spark session (stopped at the end); returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(null, args, out, err);
    }

    /**
     * Runs the job on {@code session} (left running), or on a session of its own when null: for
     * applications and tests that already have one.
     */
    public static int run(SparkSession session, String[] args, PrintWriter out, PrintWriter err) {
        InferJob job = new InferJob();
        job.session = session;
        job.stdout = out;
        job.err = err;
        CommandSpec spec = CommandSpec.forAnnotatedObject(job);
        JobOptions.add(spec, jobOptions());
        CommandLine cl = new CommandLine(spec).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((ex, a) -> {
                    err.println("infer: " + ex.getMessage());
                    err.println("Try '" + ex.getCommandLine().getCommandName() + " --help' for more information.");
                    return USAGE;
                })
                .setExecutionExceptionHandler((ex, c, p) -> {
                    err.println("infer: " + ex.getMessage());
                    return FAILURE;
                });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        InferOptions options;
        String inFormat;
        String writeFormat;
        try {
            options = options();
            options.validate();
            inFormat = inputFormat();
            writeFormat = outputFormat(inFormat);
            if (repartition != null && repartition < 1) {
                throw new IllegalArgumentException("--repartition must be at least 1 (got " + repartition + ")");
            }
            // Load the model (and check the options that depend on it) before Spark does any work.
            ExecutorModels.prepare(options);
        } catch (OptionException e) {
            return usage(e.render(k -> "--" + k));
        } catch (IllegalArgumentException | ModelException e) {
            return usage(e.getMessage());
        } catch (Exception e) {
            return usage("cannot prepare the model: " + e.getMessage());
        }
        boolean own = session == null;
        SparkSession spark = own ? SparkSession.builder().config(executorConf()).getOrCreate() : session;
        // Timed from a running session (Spark's own start-up is not infer's): read, infer, write, count.
        long started = System.nanoTime();
        try {
            Dataset<Row> input = reader(spark, inFormat).load(in);
            JobColumns.checkNoClash(input.schema(), options);
            if (repartition != null) {
                input = input.repartition(repartition);
            }
            Dataset<Row> result = forFormat(Infer.run(input, options), writeFormat);
            writer(result, writeFormat).save(out);
            long written = System.nanoTime();
            Counts counts = count(spark, writeFormat, result.schema(), options, input);
            double seconds = (System.nanoTime() - started) / 1e9;
            int code = counts.failed > 0 ? ROWS_FAILED : OK;
            summary(spark, counts, seconds, (System.nanoTime() - written) / 1e9, options, code,
                    code == OK ? null : String.format(Locale.ROOT, "%d of %d rows failed", counts.failed, counts.rows));
            return code;
        } catch (Exception e) { // Spark's AnalysisException is checked but undeclared (Scala)
            if (e instanceof AnalysisException || e instanceof IllegalArgumentException) {
                return usage(firstLine(e.getMessage())); // a wrong path, column or existing output
            }
            String message = failureMessage(e);
            err.println(message);
            // Monitoring reads the summary: a failed job reports itself too (nothing was counted).
            summary(spark, null, (System.nanoTime() - started) / 1e9, 0, options, FAILURE, message);
            return FAILURE;
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    /** Every option of every task and of the engine, each once: the job's flags, from the task registry. */
    static List<OptionSpec<?>> jobOptions() {
        return JobSpec.everyOption().stream().filter(o -> o != EngineOptions.THREADS) // task slots are the threads
                .toList();
    }

    InferOptions options() {
        OptionValues given = JobOptions.read(spec, jobOptions());
        if (!given.has(EngineOptions.INTRA_OP_THREADS)) {
            // As Infer would from the session's conf; resolved now so that the model the driver loads
            // before the session starts is the one the job uses (spark-submit passes the conf as properties).
            SparkConf conf = new SparkConf();
            String value = conf.get(Infer.INTRA_OP_CONF, conf.get("spark.task.cpus", "1"));
            try {
                given = given.toBuilder().set(EngineOptions.INTRA_OP_THREADS, Integer.parseInt(value.trim())).build();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(Infer.INTRA_OP_CONF + " must be a whole number (got '" + value + "')");
            }
        }
        JobSpec job = new JobSpec(command, given); // an option the task does not take is refused here
        return InferOptions.of(job.task()).job(job)
                .textColumn(textColumn != null ? textColumn : "text".equals(format) ? "value" : "text")
                .idColumn(idColumn)
                .outputColumn(outputColumn)
                .errorColumn(errorColumn != null ? errorColumn : "error");
    }

    private String inputFormat() {
        String f = format;
        if (f == null) {
            String name = in.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
            f = name.endsWith(".csv") ? "csv" : name.endsWith(".json") || name.endsWith(".jsonl") ? "json"
                    : name.endsWith(".orc") ? "orc" : name.endsWith(".txt") ? "text" : "parquet";
            format = f;
        }
        f = f.toLowerCase(Locale.ROOT);
        if (!f.matches("parquet|orc|csv|json|text")) {
            throw new IllegalArgumentException("--format must be parquet, orc, csv, json or text (got '" + format + "')");
        }
        return f;
    }

    private String outputFormat(String inFormat) {
        String f = outFormat != null ? outFormat.toLowerCase(Locale.ROOT) : inFormat.equals("text") ? "json" : inFormat;
        if (!f.matches("parquet|orc|csv|json")) {
            throw new IllegalArgumentException("--out-format must be parquet, orc, csv or json (got '" + outFormat + "')");
        }
        return f;
    }

    /**
     * Executor settings the job needs unless the user set them: the switches that keep DJL and ONNX Runtime
     * offline (ONNX Runtime reads its own from the environment, before Java can set anything).
     */
    static SparkConf executorConf() {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.app.name")) {
            conf.setAppName("infer");
        }
        Map<String, String> env = Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true",
                "ORT_DISABLE_TELEMETRY", "1", "TOKENIZERS_PARALLELISM", "false");
        env.forEach((k, v) -> {
            if (!conf.contains("spark.executorEnv." + k)) {
                conf.set("spark.executorEnv." + k, v);
            }
        });
        return conf;
    }

    private static DataFrameReader reader(SparkSession spark, String format) {
        DataFrameReader r = spark.read().format(format);
        if (format.equals("csv")) {
            r = r.option("header", "true").option("multiLine", "true").option("escape", "\"");
        }
        return r;
    }

    private DataFrameWriter<Row> writer(Dataset<Row> result, String format) {
        DataFrameWriter<Row> w = result.write().format(format).mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
        if (format.equals("csv")) {
            w = w.option("header", "true").option("escape", "\"");
        }
        if (format.equals("json")) {
            w = w.option("ignoreNullFields", "false"); // every row has its "error" field, null when fine
        }
        return w;
    }

    /** CSV has no lists or maps: those columns become JSON strings (embedding: a JSON array, as the CLI writes). */
    static Dataset<Row> forFormat(Dataset<Row> result, String format) {
        if (!format.equals("csv")) {
            return result;
        }
        Dataset<Row> d = result;
        for (StructField f : result.schema().fields()) {
            if (f.dataType() instanceof ArrayType || f.dataType() instanceof MapType || f.dataType() instanceof StructType) {
                d = d.withColumn(f.name(), functions.to_json(functions.col(f.name())));
            }
        }
        return d;
    }

    private record Counts(long rows, long failed) {
    }

    /**
     * Counts the rows of the written output (and, when failed rows were skipped, of the input). Read with the
     * schema just written: no pass to infer one, and only the error column is parsed.
     */
    private Counts count(SparkSession spark, String format, StructType schema, InferOptions options, Dataset<Row> input) {
        Dataset<Row> written = reader(spark, format).schema(schema).load(out);
        Column errorCol = functions.col(options.errorColumn());
        Row r = written.agg(functions.count(functions.lit(1)), functions.count(errorCol)).first();
        long rows = r.getLong(0);
        long failed = r.getLong(1);
        if (options.onError() == dev.infer.pipeline.ErrorPolicy.SKIP) {
            long read = input.count();
            return new Counts(read, read - rows);
        }
        return new Counts(rows, failed);
    }

    /**
     * The JSON line on stdout (and --summary FILE): counts from the output, or null when the job failed.
     *
     * @param countSeconds of {@code seconds}, the time spent reading the output back to count it
     * @param reason       why the exit code is not 0, or null
     */
    private void summary(SparkSession spark, Counts counts, double seconds, double countSeconds, InferOptions options,
                         int code, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", options.task());
        m.put("rows", counts == null ? null : counts.rows);
        m.put("failed", counts == null ? null : counts.failed);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        m.put("rows_per_second", counts != null && seconds > 0 ? Math.round(counts.rows / seconds * 10) / 10.0 : 0);
        m.put("out", out);
        m.put("exit_code", code);
        m.put("completed", code != FAILURE);
        m.put("reason", reason);
        m.put("count_seconds", Math.round(countSeconds * 1000) / 1000.0);
        m.put("application_id", spark.sparkContext().applicationId());
        try {
            String json = new ObjectMapper().writeValueAsString(m);
            stdout.println(json);
            stdout.flush();
            if (summaryFile != null) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(summaryFile), json + "\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the summary: " + e.getMessage(), e);
        }
    }

    private int usage(String message) {
        err.println("infer: " + message);
        err.println("Try 'dev.infer.spark.InferJob --help' for more information.");
        return USAGE;
    }

    /** A row failure's own message (Spark wraps it in stage and task text), else the first line. */
    static String failureMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            int at = m.indexOf(RowFailureException.PREFIX + "row ");
            if (at >= 0) {
                return firstLine(m.substring(at));
            }
        }
        return "infer: the Spark job failed: " + firstLine(e.getMessage());
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "(no message)";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
