package dev.infer.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * infer as DataFrame functions: every input column passes through, the task's typed result columns
 * and an error column (null when the row is fine) are added. Lazy like any Dataset transformation;
 * the model is loaded once per executor JVM when the first partition runs.
 *
 * <pre>{@code
 * Dataset<Row> vectors = Infer.embed(df, InferOptions.embed().textColumn("body"));
 * }</pre>
 *
 * From PySpark (classic sessions): {@code DataFrame(jvm.dev.infer.spark.Infer.embed(df._jdf,
 * jvm.dev.infer.spark.InferOptions.embed().textColumn("body")), spark)}.
 */
public final class Infer {
    private Infer() {
    }

    /** Adds {@code embedding} (array&lt;float&gt;) and {@code error}. */
    public static Dataset<Row> embed(Dataset<Row> input, InferOptions options) {
        return run(input, options.copy().task("embed"));
    }

    /** Adds {@code label}, {@code score} (or {@code labels} for multi-label), optional {@code top_k}, {@code scores}, and {@code error}. */
    public static Dataset<Row> classify(Dataset<Row> input, InferOptions options) {
        return run(input, options.copy().task("classify"));
    }

    /** Adds {@code tokens} (int), {@code truncated} (boolean) and {@code error}. */
    public static Dataset<Row> tokenize(Dataset<Row> input, InferOptions options) {
        return run(input, options.copy().task("tokenize"));
    }

    /** Adds {@code score} (double: the row's text against the options' {@code query}, by a cross-encoder) and {@code error}. */
    public static Dataset<Row> rerank(Dataset<Row> input, InferOptions options) {
        return run(input, options.copy().task("rerank"));
    }

    /** Runs the options' own task: any task of the registry ({@code InferOptions.of("tokenize")}). */
    public static Dataset<Row> run(Dataset<Row> input, InferOptions options) {
        InferOptions o = options.copy();
        if (!o.hasIntraOpThreads()) {
            o.intraOpThreads(intraOpThreads(input.sparkSession().conf()));
        }
        o.validate();
        StructType schema = input.schema();
        int text = index(schema, o.textColumn(), "text column");
        int id = o.idColumn() == null ? -1 : index(schema, o.idColumn(), "id column");
        ResultColumns columns = resultColumns(o);
        columns.outputSchema(schema); // refuses name clashes before anything runs
        ModelShipping.ship(input.sparkSession(), o); // folder and hub models reach executors without a shared folder
        PartitionInference fn = new PartitionInference(o, columns, text, id, schema.fields().length,
                schema.fields()[text].dataType().simpleString());
        return columns.finish(input.mapPartitions(fn, Encoders.row(columns.partitionSchema(schema))));
    }

    /**
     * The result columns need the task's fields, which depend on the model (a multi-label classifier adds
     * 'labels' instead of 'label' and 'score'): the driver builds the task once through the same per-JVM
     * cache the executors use, which also checks the model-dependent option rules before any job starts.
     */
    static ResultColumns resultColumns(InferOptions o) {
        try {
            return new ResultColumns(ExecutorModels.prepare(o).schema(), o.outputColumn(), o.errorColumn());
        } catch (RuntimeException e) {
            throw e instanceof dev.infer.OptionText.Mentions ? InferOptions.sparkWords(e) : e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the " + o.task() + " task: " + e.getMessage(), e);
        }
    }

    /** {@code spark.infer.intraOpThreads}, else {@code spark.task.cpus}, else 1. */
    static int intraOpThreads(org.apache.spark.sql.RuntimeConfig conf) {
        String value = conf.get(INTRA_OP_CONF, conf.get("spark.task.cpus", "1"));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(INTRA_OP_CONF + " must be a whole number (got '" + value + "')");
        }
    }

    /** The Spark conf that sets ONNX Runtime's intra-op threads per task when the options do not. */
    public static final String INTRA_OP_CONF = "spark.infer.intraOpThreads";

    private static int index(StructType schema, String name, String what) {
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(name)) {
                return i;
            }
        }
        StringBuilder names = new StringBuilder();
        for (StructField f : fields) {
            names.append(names.length() == 0 ? "" : ", ").append(f.name());
        }
        throw new IllegalArgumentException("the input has no " + what + " '" + name + "' (its columns: " + names + ")");
    }

    /** True if {@code type} is Spark's string type (others make every row fail with an error value). */
    static boolean isString(org.apache.spark.sql.types.DataType type) {
        return type.sameType(DataTypes.StringType);
    }
}
