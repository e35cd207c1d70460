package dev.infer.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session over a transformer encoder, shared read-only by all workers.
 *
 * <p>Concurrency: {@link #run} may be called from many threads at once (ONNX Runtime allows
 * concurrent runs on one session); each call builds and closes its own tensors.
 */
public final class ModelSession implements AutoCloseable {
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String source;
    private final Map<String, TensorSpec> inputs;
    private final Map<String, TensorSpec> outputs;
    /** Inputs declared int32 (some exports and Transformers.js conversions); the others are int64. */
    private final Set<String> int32Inputs;
    /** Slots: one per input field, then the token-level output. */
    private final ThreadBuffers buffers = new ThreadBuffers(Field.values().length + 1);
    private final ActivationBudget budget = new ActivationBudget();

    private ModelSession(OrtEnvironment env, OrtSession session, String source) throws OrtException {
        this.env = env;
        this.session = session;
        this.source = source;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
        TensorSpec ids = inputs.get(INPUT_IDS);
        if (ids == null) {
            throw new ModelException(source + " has no input named 'input_ids' (inputs: " + String.join(", ", inputs.keySet()) + ")");
        }
        for (TensorSpec in : inputs.values()) {
            if (!Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(in.name())) {
                throw new ModelException(source + " needs an input infer cannot provide: '" + in.name()
                        + "' (infer feeds input_ids, attention_mask and token_type_ids)");
            }
            if (!in.type().equals("int64") && !in.type().equals("int32")) {
                throw new ModelException(source + " input '" + in.name() + "' is " + in.type() + ", expected int64 or int32");
            }
        }
        this.int32Inputs = inputs.values().stream().filter(in -> in.type().equals("int32"))
                .map(TensorSpec::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Opens a session from an ONNX model held in memory (the embedded model). */
    public static ModelSession fromBytes(byte[] model, String source, SessionSettings settings) {
        return fromBytes(model, source, settings, options -> { });
    }

    /** As above; {@code tune} adjusts the options last (the optimized-graph cache: see OptimizedGraphCache). */
    static ModelSession fromBytes(byte[] model, String source, SessionSettings settings, OptionsTuner tune) {
        return open(env -> options -> env.createSession(model, options), source, settings, tune);
    }

    /** An ONNX file with the options adjusted last (a saved optimized graph: see OptimizedGraphCache). */
    static ModelSession fromFile(String path, String source, SessionSettings settings, OptionsTuner tune) {
        return open(env -> options -> env.createSession(path, options), source, settings, tune);
    }

    /** Opens a session from an ONNX file (ONNX Runtime maps it; external data next to it is found). */
    public static ModelSession fromFile(String path, SessionSettings settings) {
        return open(env -> options -> env.createSession(path, options), path, settings, options -> { });
    }

    @FunctionalInterface
    private interface SessionMaker {
        Opener with(OrtEnvironment env);
    }

    @FunctionalInterface
    private interface Opener {
        OrtSession open(OrtSession.SessionOptions options) throws OrtException;
    }

    private static ModelSession open(SessionMaker maker, String source, SessionSettings settings, OptionsTuner tune) {
        OrtNatives.prepare();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", settings.spinning() ? "1" : "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            // Every ORT error also comes back as an OrtException, which infer reports in one line (or in the
            // row's error field); ORT's own log line on stderr would only repeat it, in colour, mid progress bar.
            options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            tune.tune(options);
            if (!settings.memoryPatterns()) {
                options.setMemoryPatternOptimization(false);
            }
            OrtSession session = maker.with(env).open(options);
            try {
                return new ModelSession(env, session, source);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new ModelException(source + " is not a model ONNX Runtime can load: " + firstLine(e.getMessage()), e);
        }
    }

    @FunctionalInterface
    interface OptionsTuner {
        void tune(OrtSession.SessionOptions options) throws OrtException;
    }

    private static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
        Map<String, TensorSpec> out = new LinkedHashMap<>();
        for (NodeInfo n : infos.values()) {
            if (n.getInfo() instanceof TensorInfo t) {
                out.put(n.getName(), new TensorSpec(n.getName(), typeName(t.type), t.getShape()));
            } else {
                out.put(n.getName(), new TensorSpec(n.getName(), "non-tensor", new long[0]));
            }
        }
        return out;
    }

    private static String typeName(OnnxJavaType t) {
        return switch (t) {
            case INT64 -> "int64";
            case INT32 -> "int32";
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case FLOAT16 -> "float16";
            default -> t.name().toLowerCase();
        };
    }

    public Map<String, TensorSpec> inputs() {
        return inputs;
    }

    public Map<String, TensorSpec> outputs() {
        return outputs;
    }

    public String source() {
        return source;
    }

    /** Reads one output tensor while the run's native memory is still alive. */
    @FunctionalInterface
    public interface OutputReader<R> {
        R read(FloatBuffer data, long[] shape);
    }

    /**
     * Runs a batch, padded on the right to its longest row, and hands {@code output} to {@code reader}.
     *
     * @param cancel the calling thread's cancellation handle ({@link Cancellation#NONE} for none)
     */
    public <R> R run(List<Encoded> batch, String output, Cancellation cancel, OutputReader<R> reader)
            throws OrtException {
        OrtSession.RunOptions runOptions = cancel == null ? null : cancel.runOptions();
        int rows = batch.size();
        int seq = 1;
        for (Encoded e : batch) {
            seq = Math.max(seq, e.length());
        }
        long[] shape = {rows, seq};
        List<OnnxTensor> tensors = new ArrayList<>(3);
        int admitted = budget.acquire(rows, seq);
        try {
            Map<String, OnnxTensor> feed = new HashMap<>(4);
            feed.put(INPUT_IDS, track(tensors, tensor(batch, seq, shape, Field.IDS, INPUT_IDS)));
            if (inputs.containsKey(ATTENTION_MASK)) {
                feed.put(ATTENTION_MASK, track(tensors, tensor(batch, seq, shape, Field.MASK, ATTENTION_MASK)));
            }
            if (inputs.containsKey(TOKEN_TYPE_IDS)) {
                feed.put(TOKEN_TYPE_IDS, track(tensors, tensor(batch, seq, shape, Field.TYPES, TOKEN_TYPE_IDS)));
            }
            long[] outShape = tokenOutputShape(output, rows, seq);
            if (outShape != null) {
                // ORT writes the [rows, seq, dim] output straight into a reused direct buffer: no copy per call.
                FloatBuffer out = buffers.get(Field.values().length,
                        Math.multiplyExact(Math.multiplyExact(rows, seq), (int) outShape[2]) * Float.BYTES).asFloatBuffer();
                OnnxTensor pinned = track(tensors, OnnxTensor.createTensor(env, out, outShape));
                try (OrtSession.Result result = session.run(feed, Set.of(), Map.of(output, pinned), runOptions)) {
                    return reader.read(out, outShape);
                }
            }
            try (OrtSession.Result result = runOptions == null
                    ? session.run(feed, Set.of(output))
                    : session.run(feed, Set.of(output), runOptions)) {
                OnnxValue value = result.get(0);
                if (!(value instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new ModelException(source + " output '" + output + "' is not a float32 tensor");
                }
                return reader.read(t.getFloatBuffer(), t.getInfo().getShape());
            }
        } finally {
            budget.release(admitted);
            for (OnnxTensor t : tensors) {
                t.close();
            }
        }
    }

    private enum Field { IDS, MASK, TYPES }

    /**
     * The shape of a token-level float output ([batch, seq, dim] with a fixed dim), which is large
     * enough to be worth writing in place; {@code null} for any other output (read the usual way).
     */
    private long[] tokenOutputShape(String output, int rows, int seq) {
        TensorSpec spec = outputs.get(output);
        if (spec == null || !spec.type().equals("float32") || spec.shape().length != 3 || spec.shape()[2] <= 0) {
            return null;
        }
        return new long[] {rows, seq, spec.shape()[2]};
    }

    private static OnnxTensor track(List<OnnxTensor> tensors, OnnxTensor t) {
        tensors.add(t);
        return t;
    }

    /** Builds one [rows, seq] input from a direct native-order buffer, so ORT reads it without a copy. */
    private OnnxTensor tensor(List<Encoded> batch, int seq, long[] shape, Field field, String input)
            throws OrtException {
        int rows = batch.size();
        boolean int32 = int32Inputs.contains(input);
        int width = int32 ? Integer.BYTES : Long.BYTES;
        // Reused buffer: every position is written, padding (after a row's real tokens) with zeros.
        ByteBuffer bytes = buffers.get(field.ordinal(), rows * seq * width);
        if (int32) {
            IntBuffer buf = bytes.asIntBuffer();
            for (int r = 0; r < rows; r++) {
                Encoded e = batch.get(r);
                int base = r * seq;
                for (int t = 0; t < seq; t++) {
                    buf.put(base + t, t < e.length() ? (int) value(e, t, field) : 0);
                }
            }
            return OnnxTensor.createTensor(env, buf, shape);
        }
        LongBuffer buf = bytes.asLongBuffer();
        for (int r = 0; r < rows; r++) {
            Encoded e = batch.get(r);
            int base = r * seq;
            for (int t = 0; t < seq; t++) {
                buf.put(base + t, t < e.length() ? value(e, t, field) : 0L);
            }
        }
        return OnnxTensor.createTensor(env, buf, shape);
    }

    private static long value(Encoded e, int t, Field field) {
        return switch (field) {
            case IDS -> e.ids()[t];
            case MASK -> 1L;
            case TYPES -> e.typeIds()[t];
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed", e);
        }
    }
}
