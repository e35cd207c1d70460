package dev.infer.spark;

import dev.infer.job.JobSpec;
import dev.infer.task.OptionSpec;
import dev.infer.task.TaskKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * infer as a Spark ML {@link Transformer}, for a {@code Pipeline}: reads {@code inputCol}, adds the task's
 * result columns (the main one named {@code outputCol}) and {@code errorCol}; other columns pass through.
 * Saved and loaded with the pipeline (default params writer). Same engine and options as {@link Infer}: besides
 * the stage's own params ({@code task}, the columns) it has one string param per option of the task registry,
 * named as {@link InferOptions#option} names them ({@code maxTokens}), made from the registry, never declared here.
 *
 * <pre>{@code
 * new InferTransformer().setTask("embed").setInputCol("body").setOutputCol("vector")
 * new InferTransformer().setTask("classify").setOption("labels", "billing,bug").setOption("topK", 2)
 * }</pre>
 */
public final class InferTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 2L;

    private final String uid;
    private final Param<String> task;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> errorCol;
    /** One param per registered option, by its camelCase name, holding the value as text. */
    private final Map<String, Param<String>> options = new LinkedHashMap<>();
    private final Param<?>[] params;

    public InferTransformer() {
        this(Identifiable$.MODULE$.randomUID("infer"));
    }

    public InferTransformer(String uid) {
        this.uid = uid;
        task = new Param<>(uid, "task", TaskKinds.names());
        inputCol = new Param<>(uid, "inputCol", "the text column");
        outputCol = new Param<>(uid, "outputCol", "name of the main result column (default: its standard name)");
        errorCol = new Param<>(uid, "errorCol", "column for a failed row's reason (null when fine)");
        List<Param<?>> all = new ArrayList<>(List.of(task, inputCol, outputCol, errorCol));
        for (OptionSpec<?> o : JobSpec.everyOption()) {
            Param<String> p = new Param<>(uid, o.camelName(), o.description());
            options.put(o.camelName(), p);
            all.add(p);
        }
        params = all.toArray(new Param<?>[0]);
        setDefault(task, "embed");
        setDefault(inputCol, "text");
        setDefault(errorCol, "error");
    }

    /** Spark ML's loader finds this by reflection (pipelines saved with this stage load it back). */
    public static MLReader<InferTransformer> read() {
        return new DefaultParamsReader<>();
    }

    public static InferTransformer load(String path) {
        return read().load(path);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** Every param: the stage's own, then one per registered option (Spark ML saves, loads and explains these). */
    @Override
    public Param<?>[] params() {
        return params.clone();
    }

    public Param<String> task() { return task; }
    public Param<String> inputCol() { return inputCol; }
    public Param<String> outputCol() { return outputCol; }
    public Param<String> errorCol() { return errorCol; }

    public InferTransformer setTask(String v) { InferOptions.of(v); set(task, v); return this; }
    public InferTransformer setInputCol(String v) { set(inputCol, v); return this; }
    public InferTransformer setOutputCol(String v) { set(outputCol, v); return this; }
    public InferTransformer setErrorCol(String v) { set(errorCol, v); return this; }

    /** Sets any registered option by name ({@code maxTokens} or {@code max-tokens}); checked as the CLI checks it. */
    public InferTransformer setOption(String name, Object value) {
        OptionSpec<?> spec = InferOptions.spec(name);
        String text = value instanceof String[] a ? String.join(",", a) : String.valueOf(value);
        InferOptions.embed().option(spec.key(), text); // checks the value now, not when the stage runs
        set(options.get(spec.camelName()), text);
        return this;
    }

    public InferTransformer setModel(String v) { return setOption("model", v); }
    public InferTransformer setModelFile(String v) { return setOption("modelFile", v); }
    public InferTransformer setLabels(String[] v) { return setOption("labels", v); }
    public InferTransformer setOnError(String v) { return setOption("onError", v); }

    /** The params as the Dataset API's options. */
    public InferOptions options() {
        InferOptions o = InferOptions.of(getOrDefault(task))
                .textColumn(getOrDefault(inputCol))
                .errorColumn(getOrDefault(errorCol));
        if (isDefined(outputCol)) {
            o.outputColumn(getOrDefault(outputCol));
        }
        options.forEach((name, p) -> {
            if (isDefined(p)) {
                o.option(name, getOrDefault(p));
            }
        });
        return o;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return Infer.run(dataset.toDF(), options());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        InferOptions o = options();
        o.validate();
        return Infer.resultColumns(o).outputSchema(schema);
    }

    @Override
    public InferTransformer copy(ParamMap extra) {
        return (InferTransformer) defaultCopy(extra);
    }
}
