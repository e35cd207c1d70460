package dev.infer.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
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
 * Saved and loaded with the pipeline (default params writer). Same engine and options as {@link Infer}.
 *
 * <pre>{@code
 * new InferTransformer().setTask("embed").setInputCol("body").setOutputCol("vector")
 * }</pre>
 */
public final class InferTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> task;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final Param<String> errorCol;
    private final Param<String> model;
    private final Param<String> modelFile;
    private final Param<String> pooling;
    private final BooleanParam normalize;
    private final StringArrayParam labels;
    private final Param<String> template;
    private final DoubleParam temperature;
    private final IntParam topK;
    private final BooleanParam allScores;
    private final BooleanParam multiLabel;
    private final DoubleParam threshold;
    private final IntParam maxTokens;
    private final IntParam batchSize;
    private final IntParam intraOpThreads;
    private final Param<String> onError;

    public InferTransformer() {
        this(Identifiable$.MODULE$.randomUID("infer"));
    }

    public InferTransformer(String uid) {
        this.uid = uid;
        task = new Param<>(uid, "task", "embed, classify or tokenize");
        inputCol = new Param<>(uid, "inputCol", "the text column");
        outputCol = new Param<>(uid, "outputCol", "name of the main result column (default: its standard name)");
        errorCol = new Param<>(uid, "errorCol", "column for a failed row's reason (null when fine)");
        model = new Param<>(uid, "model", "'default' (the embedded model) or a model folder every executor can read");
        modelFile = new Param<>(uid, "modelFile", "ONNX file inside the model folder");
        pooling = new Param<>(uid, "pooling", "embed: mean, cls or max");
        normalize = new BooleanParam(uid, "normalize", "embed: scale vectors to unit length");
        labels = new StringArrayParam(this, "labels", "classify (zero-shot): the labels");
        template = new Param<>(uid, "template", "classify (zero-shot): sentence with {} for the label");
        temperature = new DoubleParam(uid, "temperature", "classify (zero-shot): softmax temperature");
        topK = new IntParam(uid, "topK", "classify: add the K best labels (0: no)");
        allScores = new BooleanParam(uid, "allScores", "classify: add every label's score");
        multiLabel = new BooleanParam(uid, "multiLabel", "classify (fine-tuned): score labels independently");
        threshold = new DoubleParam(uid, "threshold", "classify (multi-label): a label applies above this score");
        maxTokens = new IntParam(uid, "maxTokens", "tokenize: token budget per row");
        batchSize = new IntParam(uid, "batchSize", "rows per model call (default: 1 for batch-sensitive models)");
        intraOpThreads = new IntParam(uid, "intraOpThreads", "ONNX Runtime threads per model call (default: spark.infer.intraOpThreads, else spark.task.cpus)");
        onError = new Param<>(uid, "onError", "record, skip or fail");
        setDefault(task, "embed");
        setDefault(inputCol, "text");
        setDefault(errorCol, "error");
        setDefault(model, "default");
        setDefault(normalize, (Object) Boolean.TRUE);
        setDefault(allScores, (Object) Boolean.FALSE);
        setDefault(multiLabel, (Object) Boolean.FALSE);
        setDefault(onError, "record");
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

    // Spark ML lists a stage's params through its public no-argument methods that return a Param.
    public Param<String> task() { return task; }
    public Param<String> inputCol() { return inputCol; }
    public Param<String> outputCol() { return outputCol; }
    public Param<String> errorCol() { return errorCol; }
    public Param<String> model() { return model; }
    public Param<String> modelFile() { return modelFile; }
    public Param<String> pooling() { return pooling; }
    public BooleanParam normalize() { return normalize; }
    public StringArrayParam labels() { return labels; }
    public Param<String> template() { return template; }
    public DoubleParam temperature() { return temperature; }
    public IntParam topK() { return topK; }
    public BooleanParam allScores() { return allScores; }
    public BooleanParam multiLabel() { return multiLabel; }
    public DoubleParam threshold() { return threshold; }
    public IntParam maxTokens() { return maxTokens; }
    public IntParam batchSize() { return batchSize; }
    public IntParam intraOpThreads() { return intraOpThreads; }
    public Param<String> onError() { return onError; }

    public InferTransformer setTask(String v) { InferOptions.Kind.parse(v); set(task, v); return this; }
    public InferTransformer setInputCol(String v) { set(inputCol, v); return this; }
    public InferTransformer setOutputCol(String v) { set(outputCol, v); return this; }
    public InferTransformer setErrorCol(String v) { set(errorCol, v); return this; }
    public InferTransformer setModel(String v) { set(model, v); return this; }
    public InferTransformer setModelFile(String v) { set(modelFile, v); return this; }
    public InferTransformer setPooling(String v) { set(pooling, v); return this; }
    public InferTransformer setNormalize(boolean v) { set(normalize, (Object) v); return this; }
    public InferTransformer setLabels(String[] v) { set(labels, v); return this; }
    public InferTransformer setTemplate(String v) { set(template, v); return this; }
    public InferTransformer setTemperature(double v) { set(temperature, (Object) v); return this; }
    public InferTransformer setTopK(int v) { set(topK, (Object) v); return this; }
    public InferTransformer setAllScores(boolean v) { set(allScores, (Object) v); return this; }
    public InferTransformer setMultiLabel(boolean v) { set(multiLabel, (Object) v); return this; }
    public InferTransformer setThreshold(double v) { set(threshold, (Object) v); return this; }
    public InferTransformer setMaxTokens(int v) { set(maxTokens, (Object) v); return this; }
    public InferTransformer setBatchSize(int v) { set(batchSize, (Object) v); return this; }
    public InferTransformer setIntraOpThreads(int v) { set(intraOpThreads, (Object) v); return this; }
    public InferTransformer setOnError(String v) { InferOptions.OnError.parse(v); set(onError, v); return this; }

    /** The params as the Dataset API's options. */
    public InferOptions options() {
        InferOptions o = InferOptions.of(getOrDefault(task))
                .textColumn(getOrDefault(inputCol))
                .errorColumn(getOrDefault(errorCol))
                .model(getOrDefault(model))
                .normalize((Boolean) getOrDefault(normalize))
                .allScores((Boolean) getOrDefault(allScores))
                .multiLabel((Boolean) getOrDefault(multiLabel))
                .onError(getOrDefault(onError));
        if (isDefined(outputCol)) {
            o.outputColumn(getOrDefault(outputCol));
        }
        if (isDefined(modelFile)) {
            o.modelFile(getOrDefault(modelFile));
        }
        if (isDefined(pooling)) {
            o.pooling(getOrDefault(pooling));
        }
        if (isDefined(labels)) {
            o.labels(java.util.List.of(getOrDefault(labels)));
        }
        if (isDefined(template)) {
            o.template(getOrDefault(template));
        }
        if (isDefined(temperature)) {
            o.temperature((Double) getOrDefault(temperature));
        }
        if (isDefined(topK)) {
            o.topK((Integer) getOrDefault(topK));
        }
        if (isDefined(threshold)) {
            o.threshold((Double) getOrDefault(threshold));
        }
        if (isDefined(maxTokens)) {
            o.maxTokens((Integer) getOrDefault(maxTokens));
        }
        if (isDefined(intraOpThreads)) {
            o.intraOpThreads((Integer) getOrDefault(intraOpThreads));
        }
        if (isDefined(batchSize)) {
            o.batchSize((Integer) getOrDefault(batchSize));
        }
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
