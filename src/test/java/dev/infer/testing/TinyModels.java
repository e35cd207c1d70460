package dev.infer.testing;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.infer.testing.OnnxGraphBuilder.Attr;
import static dev.infer.testing.OnnxGraphBuilder.FLOAT;
import static dev.infer.testing.OnnxGraphBuilder.INT32;
import static dev.infer.testing.OnnxGraphBuilder.INT64;
import static dev.infer.testing.OnnxGraphBuilder.INT8;
import static dev.infer.testing.OnnxGraphBuilder.attrs;

/**
 * Writes tiny but real ONNX models, laid out like Hugging Face / Optimum exported repos, into a folder at test
 * time, and computes the same math in plain Java so tests can check {@code infer --model DIR} against numbers
 * that never went through ONNX Runtime.
 *
 * <h2>The graphs</h2>
 * All graphs are IR 8 / opset 17 (loaded fine by ONNX Runtime 1.29), with Optimum-like inputs
 * {@code input_ids}, {@code attention_mask} and (optionally) {@code token_type_ids}, each
 * {@code [batch_size, sequence_length]} int64 (or int32 with {@link Options#withInt32Inputs}). They share one
 * "encoder", computed per token {@code t}:
 * <pre>
 *   x[t] = E[input_ids[t]] + T[token_type_ids[t]] + (1 - attention_mask[t]) * P
 *   h[t] = tanh(x[t])                                      -- [batch, seq, d]
 * </pre>
 * {@code E} is the word-embedding table {@code [vocab, d]} (vocab 30522 by default so any id of the BERT tokenizer
 * works; ~1 MB at d=8), {@code T} the token-type table {@code [2, d]} (present only with token types, so they do
 * matter: feed a sentence pair) and {@code P} a "padding shift" {@code [d]}: padded positions carry garbage
 * (like in a real BERT) that is clearly different from real tokens, so a caller that forgets to mask its pooling
 * gets visibly wrong numbers. Non-padded positions do not depend on padding or on batch-mates.
 *
 * <ul>
 * <li>{@link #sequenceClassifier}, {@link #multiLabelClassifier}, {@link #vocabMismatchClassifier}:
 *   {@code g = h @ Wd} (dense {@code [d,d]}), masked mean over the sequence
 *   ({@code Cast(mask) → Unsqueeze → Mul → ReduceSum / max(ReduceSum(mask), 1e-9)}), then
 *   {@code logits = pooled @ W + B} ({@code [batch, L]} float).</li>
 * <li>{@link #batchSensitiveClassifier}: the same, but the dense layer is dynamically quantized exactly like
 *   {@code onnxruntime.quantization.quantize_dynamic} does it: {@code DynamicQuantizeLinear(h)} (one uint8 scale /
 *   zero point for the whole {@code [batch, seq, d]} tensor, padding included) → {@code MatMulInteger} with an
 *   int8 copy of {@code Wd} → {@code Cast} → {@code Mul(scale_a * scale_w)}. A row's logits therefore depend on
 *   its batch-mates and on padding. The same graph is always what a {@code model_quantized.onnx} file holds.</li>
 * <li>{@link #tokenEmbedder}: output {@code last_hidden_state = h} {@code [batch, seq, d]}, with a
 *   sentence-transformers layout ({@code modules.json}, {@code 1_Pooling/config.json},
 *   {@code sentence_bert_config.json}).</li>
 * <li>{@link #sentenceEmbedder}: output {@code sentence_embedding} {@code [batch, d]} = masked mean of {@code h}
 *   (L2-normalized inside the graph if {@link Options#normalize}), and optionally {@code token_embeddings = h}
 *   (listed first, like Optimum's sentence-transformers export).</li>
 * </ul>
 *
 * <h2>Folder layouts</h2>
 * {@link OnnxLayout} picks where the ONNX file(s) go. For classifiers, a file named {@code model_quantized.onnx}
 * always holds the quantized (batch-sensitive) graph, and {@code ONNX_DIR_BOTH} writes the float graph to
 * {@code onnx/model.onnx} and the quantized graph to {@code onnx/model_quantized.onnx} (same weights). For the
 * other models every file holds the same float graph. Besides the ONNX files each folder gets {@code config.json}
 * ({@code model_type: bert}, {@code vocab_size}, {@code max_position_embeddings}, labels, ...),
 * {@code tokenizer.json} (a copy of the classpath resource {@value #TOKENIZER_RESOURCE}, whose own
 * truncation=128 / fixed padding=128 settings are left in place on purpose), {@code tokenizer_config.json} and
 * {@code special_tokens_map.json}.
 *
 * <h2>References</h2>
 * The returned records compute the graph's math in Java ({@code double} accumulation; the quantized path mirrors
 * ORT's float rounding step by step, so even the quantized graph matches). Measured over 300 rows: ORT vs.
 * Java max |diff| ≤ 4e-7 for every model, batched or not.
 * For expected values, tokenize with {@link #referenceTokenizer(Path, int)}.
 */
public final class TinyModels {

    /** Classpath resource of the embedded default model's tokenizer (BERT WordPiece, uncased, 30522 tokens). */
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
    public static final int BERT_VOCAB_SIZE = 30522;
    public static final long PAD_ID = 0;
    public static final long CLS_ID = 101;
    public static final long SEP_ID = 102;
    /** Optimum's symbolic dimension names. */
    public static final String BATCH = "batch_size";
    public static final String SEQ = "sequence_length";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyModels() {
    }

    // =====================================================================================================
    // Options
    // =====================================================================================================

    /** Where the ONNX file(s) go inside the model folder. */
    public enum OnnxLayout {
        /** {@code DIR/model.onnx} */
        TOP_LEVEL,
        /** {@code DIR/onnx/model.onnx} */
        ONNX_DIR,
        /** only {@code DIR/onnx/model_quantized.onnx} */
        ONNX_DIR_QUANTIZED,
        /** {@code DIR/onnx/model.onnx} and {@code DIR/onnx/model_quantized.onnx} */
        ONNX_DIR_BOTH
    }

    /** sentence-transformers pooling modes written to {@code 1_Pooling/config.json}. */
    public enum Pooling { CLS, MEAN, MAX }

    /**
     * Everything a test may vary. Start from {@link #defaults()} and use the {@code withXxx} methods.
     *
     * @param seed                  seed of the {@link Random} that draws every weight
     * @param vocabSize             rows of the embedding table, also {@code vocab_size} in config.json
     * @param hidden                hidden size d
     * @param tokenTypeIds          whether the graph has a {@code token_type_ids} input
     * @param int32Inputs           inputs are int32 instead of int64
     * @param layout                where the ONNX file(s) go
     * @param labels                class labels (their count is the number of logits)
     * @param labelMaps             write {@code id2label}/{@code label2id} to config.json
     * @param problemType           {@code problem_type} in config.json, {@code null} to omit
     *                              ({@link #multiLabelClassifier} forces {@code multi_label_classification})
     * @param maxPositionEmbeddings {@code max_position_embeddings} in config.json (the graph itself has no limit)
     * @param modelMaxLength        {@code model_max_length} in tokenizer_config.json, {@code null} to omit
     * @param doLowerCase           {@code do_lower_case} in tokenizer_config.json
     * @param maxSeqLength          {@code max_seq_length} in sentence_bert_config.json (embedders only)
     * @param pooling               pooling mode in {@code 1_Pooling/config.json} (token embedder only)
     * @param normalize             add a Normalize module (modules.json), and L2-normalize inside the
     *                              sentence embedder's graph
     * @param tokenEmbeddingsOutput sentence embedder also outputs {@code token_embeddings}
     * @param writeConfig           write config.json
     * @param writeTokenizer        copy tokenizer.json (and write tokenizer_config.json, special_tokens_map.json)
     */
    public record Options(long seed, int vocabSize, int hidden, boolean tokenTypeIds, boolean int32Inputs,
                          OnnxLayout layout, List<String> labels, boolean labelMaps, String problemType,
                          int maxPositionEmbeddings, Integer modelMaxLength, boolean doLowerCase, int maxSeqLength,
                          Pooling pooling, boolean normalize, boolean tokenEmbeddingsOutput, boolean writeConfig,
                          boolean writeTokenizer) {

        public Options {
            labels = List.copyOf(labels);
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("need at least one label");
            }
        }

        /** seed 42, vocab 30522, d=8, int64 inputs with token_type_ids, model.onnx at top level, labels
         *  NEGATIVE/POSITIVE with id2label, no problem_type, 512 positions, model_max_length 512, lower case,
         *  max_seq_length 256, mean pooling, no normalization, token_embeddings output on. */
        public static Options defaults() {
            return new Options(42L, BERT_VOCAB_SIZE, 8, true, false, OnnxLayout.TOP_LEVEL,
                    List.of("NEGATIVE", "POSITIVE"), true, null, 512, 512, true, 256, Pooling.MEAN, false, true,
                    true, true);
        }

        public Options withSeed(long v) {
            return new Options(v, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withVocabSize(int v) {
            return new Options(seed, v, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withHidden(int v) {
            return new Options(seed, vocabSize, v, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withTokenTypeIds(boolean v) {
            return new Options(seed, vocabSize, hidden, v, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withInt32Inputs(boolean v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, v, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withLayout(OnnxLayout v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, v, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withLabels(String... v) {
            return withLabels(List.of(v));
        }

        public Options withLabels(List<String> v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, v, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withLabelMaps(boolean v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, v,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withProblemType(String v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    v, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withMaxPositionEmbeddings(int v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, v, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withModelMaxLength(Integer v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, v, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withDoLowerCase(boolean v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, v, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withMaxSeqLength(int v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, v, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withPooling(Pooling v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, v,
                    normalize, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withNormalize(boolean v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    v, tokenEmbeddingsOutput, writeConfig, writeTokenizer);
        }

        public Options withTokenEmbeddingsOutput(boolean v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, v, writeConfig, writeTokenizer);
        }

        public Options withWriteConfig(boolean v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, v, writeTokenizer);
        }

        public Options withWriteTokenizer(boolean v) {
            return new Options(seed, vocabSize, hidden, tokenTypeIds, int32Inputs, layout, labels, labelMaps,
                    problemType, maxPositionEmbeddings, modelMaxLength, doLowerCase, maxSeqLength, pooling,
                    normalize, tokenEmbeddingsOutput, writeConfig, v);
        }

        public int numLabels() {
            return labels.size();
        }
    }

    // =====================================================================================================
    // Weights and the shared encoder
    // =====================================================================================================

    /**
     * The encoder weights shared by every model: word embeddings {@code [vocab][d]}, token-type embeddings
     * {@code [2][d]} ({@code null} without token types) and the padding shift {@code [d]}.
     */
    public record Encoder(float[][] wordEmbeddings, float[][] typeEmbeddings, float[] padShift) {

        public int vocabSize() {
            return wordEmbeddings.length;
        }

        public int hidden() {
            return padShift.length;
        }

        /**
         * {@code h = tanh(E[id] + T[type] + (1 - mask) * P)} per position, {@code [seq][d]}, float like ORT.
         *
         * @param mask    {@code null} = all ones
         * @param typeIds {@code null} = all zeros (ignored if the model has no token types)
         * @throws IllegalArgumentException for an id outside the table (ORT's Gather fails there too)
         */
        public float[][] hiddenStates(long[] ids, long[] mask, long[] typeIds) {
            int d = hidden();
            float[][] h = new float[ids.length][d];
            for (int t = 0; t < ids.length; t++) {
                long id = ids[t];
                if (id < 0 || id >= wordEmbeddings.length) {
                    throw new IllegalArgumentException("token id " + id + " outside the embedding table [0, "
                            + wordEmbeddings.length + ")");
                }
                float[] e = wordEmbeddings[(int) id];
                float[] ty = typeEmbeddings == null ? null : typeEmbeddings[(int) (typeIds == null ? 0 : typeIds[t])];
                float inv = mask == null ? 0f : 1f - (float) mask[t];
                for (int k = 0; k < d; k++) {
                    float x = e[k];
                    if (ty != null) {
                        x += ty[k];
                    }
                    x += inv * padShift[k];
                    h[t][k] = (float) Math.tanh(x);
                }
            }
            return h;
        }
    }

    private static Encoder drawEncoder(Random rnd, Options o) {
        int d = o.hidden();
        float[][] e = gaussian(rnd, o.vocabSize(), d, 0.6);
        float[][] ty = o.tokenTypeIds() ? gaussian(rnd, 2, d, 0.6) : null;
        float[] p = gaussian(rnd, 1, d, 1.5)[0];
        return new Encoder(e, ty, p);
    }

    /** Common interface of every written model. */
    public interface TinyModel {
        /** The model folder (what {@code infer --model} gets). */
        Path dir();

        /** The ONNX file a tool should load by default (for {@code ONNX_DIR_BOTH}: {@code onnx/model.onnx}). */
        Path onnx();

        /** Every ONNX file written. */
        List<Path> onnxFiles();

        Options options();

        Encoder encoder();
    }

    // =====================================================================================================
    // Classifiers
    // =====================================================================================================

    /**
     * A written sequence classifier (single- or multi-label, possibly with a quantized twin).
     *
     * @param onnxQuantized whether {@link #onnx()} holds the quantized (batch-sensitive) graph
     * @param quantizedOnnx the file holding the quantized graph, or {@code null} if none was written
     * @param dense         {@code Wd [d][d]}
     * @param denseQ        int8 copy of {@code Wd} used by the quantized graph, {@code [d][d]}
     * @param denseScale    per-tensor scale of {@code denseQ} ({@code Wd ≈ denseQ * denseScale})
     * @param classifier    {@code W [d][L]}
     * @param bias          {@code B [L]}
     */
    public record Classifier(Path dir, Path onnx, boolean onnxQuantized, Path quantizedOnnx, List<Path> onnxFiles,
                             Options options, Encoder encoder, float[][] dense, byte[][] denseQ, float denseScale,
                             float[][] classifier, float[] bias, List<String> labels, boolean multiLabel)
            implements TinyModel {

        public int numLabels() {
            return bias.length;
        }

        /** Logits {@link #onnx()} gives for this row alone (batch of one, no padding). */
        public float[] expectedLogits(long[] ids, long[] typeIds) {
            return expectedLogits(new long[][] {ids}, null, typeIds == null ? null : new long[][] {typeIds})[0];
        }

        /** Logits {@link #onnx()} gives for this padded batch ({@code mask == null}: all ones). */
        public float[][] expectedLogits(long[][] ids, long[][] mask, long[][] typeIds) {
            return onnxQuantized ? quantizedLogits(ids, mask, typeIds) : floatLogits(ids, mask, typeIds);
        }

        /** Logits of the float graph; each row is independent of the others and of padding. */
        public float[][] floatLogits(long[][] ids, long[][] mask, long[][] typeIds) {
            float[][] out = new float[ids.length][];
            for (int b = 0; b < ids.length; b++) {
                long[] m = mask == null ? null : mask[b];
                float[][] h = encoder.hiddenStates(ids[b], m, typeIds == null ? null : typeIds[b]);
                float[][] g = new float[h.length][];
                for (int t = 0; t < h.length; t++) {
                    g[t] = matVec(h[t], dense);
                }
                out[b] = head(maskedMean(g, m));
            }
            return out;
        }

        /**
         * Logits of the quantized graph for one padded batch, mirroring ORT: one uint8 scale/zero point over
         * every value of {@code h} in the batch (padding included), integer matmul, float rescale.
         */
        public float[][] quantizedLogits(long[][] ids, long[][] mask, long[][] typeIds) {
            float[][][] h = new float[ids.length][][];
            for (int b = 0; b < ids.length; b++) {
                h[b] = encoder.hiddenStates(ids[b], mask == null ? null : mask[b], typeIds == null ? null : typeIds[b]);
            }
            QuantParams qp = dynamicQuantParams(h);
            float scale = qp.scale() * denseScale;
            int d = encoder.hidden();
            float[][] out = new float[ids.length][];
            for (int b = 0; b < ids.length; b++) {
                float[][] g = new float[h[b].length][d];
                for (int t = 0; t < h[b].length; t++) {
                    int[] q = new int[d];
                    for (int k = 0; k < d; k++) {
                        q[k] = quantize(h[b][t][k], qp) - qp.zeroPoint();
                    }
                    for (int j = 0; j < d; j++) {
                        int acc = 0;
                        for (int k = 0; k < d; k++) {
                            acc += q[k] * denseQ[k][j];
                        }
                        g[t][j] = (float) acc * scale;
                    }
                }
                out[b] = head(maskedMean(g, mask == null ? null : mask[b]));
            }
            return out;
        }

        /** Label of the largest logit. */
        public String expectedLabel(long[] ids, long[] typeIds) {
            return labels.get(argmax(expectedLogits(ids, typeIds)));
        }

        private float[] head(double[] pooled) {
            int l = bias.length;
            float[] logits = new float[l];
            for (int j = 0; j < l; j++) {
                double s = bias[j];
                for (int k = 0; k < pooled.length; k++) {
                    s += pooled[k] * classifier[k][j];
                }
                logits[j] = (float) s;
            }
            return logits;
        }
    }

    /**
     * Single-label sequence classifier ({@code BertForSequenceClassification}-like, output {@code logits}).
     * Uses {@code options.problemType()} as given (default: omitted).
     */
    public static Classifier sequenceClassifier(Path dir, Options o) throws IOException {
        return writeClassifier(dir, o, o.problemType(), false);
    }

    /** Same graph; config.json says {@code "problem_type": "multi_label_classification"}. */
    public static Classifier multiLabelClassifier(Path dir, Options o) throws IOException {
        return writeClassifier(dir, o, "multi_label_classification", false);
    }

    /**
     * A classifier whose embedding table has only {@code 1000} rows ({@code vocab_size: 1000} in config.json)
     * while the tokenizer has 30522 tokens: ORT's Gather fails on any id ≥ 1000 (e.g. almost every word).
     * Ids below 1000 (e.g. {@code [CLS]=101}, {@code [SEP]=102}, most punctuation) work.
     */
    public static Classifier vocabMismatchClassifier(Path dir, Options o) throws IOException {
        return writeClassifier(dir, o.withVocabSize(1000), o.problemType(), false);
    }

    /**
     * Like {@link #sequenceClassifier} but the main file holds the dynamically quantized graph (see class
     * javadoc), so a row's logits depend on its batch-mates (logits are of order 1). Measured with the default
     * options: "Hello world!" (5 tokens) alone vs. batched with a 40-token row: max |diff| 4.5e-3; 296 short
     * review-like rows in batches of 8 vs. alone: max |diff| per row mean 1.7e-3, min 1.4e-4, max 7.3e-3. The
     * float classifier gives bit-identical rows (diff 0). {@link Classifier#expectedLogits(long[][], long[][],
     * long[][])} reproduces the batched numbers (ORT vs. Java ≤ 4e-7). With {@code ONNX_DIR_BOTH} this is the
     * same as {@link #sequenceClassifier}: {@code onnx/model.onnx} float, {@code onnx/model_quantized.onnx}
     * quantized, and {@link Classifier#onnx()} is the float one.
     */
    public static Classifier batchSensitiveClassifier(Path dir, Options o) throws IOException {
        return writeClassifier(dir, o, o.problemType(), true);
    }

    private static Classifier writeClassifier(Path dir, Options o, String problemType, boolean quantizedMain)
            throws IOException {
        Random rnd = new Random(o.seed());
        Encoder enc = drawEncoder(rnd, o);
        int d = o.hidden();
        int l = o.numLabels();
        float[][] dense = gaussian(rnd, d, d, 1.0 / Math.sqrt(d));
        float[][] w = gaussian(rnd, d, l, 1.0 / Math.sqrt(d));
        float[] bias = gaussian(rnd, 1, l, 0.1)[0];
        // symmetric per-tensor int8 weights, as quantize_dynamic(weight_type=QInt8) does
        float maxAbs = 0f;
        for (float[] row : dense) {
            for (float v : row) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        float wScale = maxAbs / 127f;
        byte[][] denseQ = new byte[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                denseQ[i][j] = (byte) Math.max(-127, Math.min(127, Math.rint(dense[i][j] / wScale)));
            }
        }

        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Path main;
        boolean mainQuantized;
        Path quantized = null;
        switch (o.layout()) {
            case TOP_LEVEL, ONNX_DIR -> {
                main = dir.resolve(o.layout() == OnnxLayout.TOP_LEVEL ? "model.onnx" : "onnx/model.onnx");
                classifierGraph(enc, o, dense, denseQ, wScale, w, bias, quantizedMain).write(main);
                mainQuantized = quantizedMain;
                if (quantizedMain) {
                    quantized = main;
                }
                files.add(main);
            }
            case ONNX_DIR_QUANTIZED -> {
                main = classifierGraph(enc, o, dense, denseQ, wScale, w, bias, true)
                        .write(dir.resolve("onnx/model_quantized.onnx"));
                mainQuantized = true;
                quantized = main;
                files.add(main);
            }
            case ONNX_DIR_BOTH -> {
                main = classifierGraph(enc, o, dense, denseQ, wScale, w, bias, false)
                        .write(dir.resolve("onnx/model.onnx"));
                quantized = classifierGraph(enc, o, dense, denseQ, wScale, w, bias, true)
                        .write(dir.resolve("onnx/model_quantized.onnx"));
                mainQuantized = false;
                files.add(main);
                files.add(quantized);
            }
            default -> throw new IllegalStateException();
        }

        Map<String, Object> config = baseConfig(o, "BertForSequenceClassification");
        if (o.labelMaps()) {
            Map<String, Object> id2label = new LinkedHashMap<>();
            Map<String, Object> label2id = new LinkedHashMap<>();
            for (int i = 0; i < l; i++) {
                id2label.put(Integer.toString(i), o.labels().get(i));
                label2id.put(o.labels().get(i), i);
            }
            config.put("id2label", id2label);
            config.put("label2id", label2id);
        }
        if (problemType != null) {
            config.put("problem_type", problemType);
        }
        writeCommon(dir, o, config);
        return new Classifier(dir, main, mainQuantized, quantized, List.copyOf(files), o, enc, dense, denseQ, wScale,
                w, bias, o.labels(), "multi_label_classification".equals(problemType));
    }

    private static OnnxGraphBuilder classifierGraph(Encoder enc, Options o, float[][] dense, byte[][] denseQ,
                                                    float wScale, float[][] w, float[] bias, boolean quantized) {
        int d = o.hidden();
        int l = bias.length;
        OnnxGraphBuilder g = new OnnxGraphBuilder(quantized ? "tiny_classifier_quantized" : "tiny_classifier");
        EncoderOut e = encoderGraph(g, enc, o);
        String dOut;
        if (quantized) {
            String wq = g.byteInit("classifier.dense.weight_quantized", INT8, flatBytes(denseQ), d, d);
            String ws = g.scalar("classifier.dense.weight_scale", wScale);
            String[] q = g.opMulti("DynamicQuantizeLinear", new String[] {null, null, null}, attrs(), e.hidden());
            String mmi = g.op("MatMulInteger", q[0], wq, q[2]);
            String cast = g.op("Cast", attrs(Attr.i("to", FLOAT)), mmi);
            String scale = g.op("Mul", q[1], ws);
            dOut = g.op("Mul", cast, scale);
        } else {
            String wd = g.floatInit("classifier.dense.weight", flat(dense), d, d);
            dOut = g.op("MatMul", e.hidden(), wd);
        }
        String pooled = maskedMeanGraph(g, dOut, e.maskF());
        String wc = g.floatInit("classifier.weight", flat(w), d, l);
        String bc = g.floatInit("classifier.bias", bias, l);
        g.opNamed("Add", "logits", attrs(), g.op("MatMul", pooled, wc), bc);
        g.output("logits", FLOAT, BATCH, l);
        return g;
    }

    // =====================================================================================================
    // Token embedder (last_hidden_state) and sentence embedder (sentence_embedding)
    // =====================================================================================================

    /** A written feature-extraction model with output {@code last_hidden_state [batch, seq, d]}. */
    public record TokenEmbedder(Path dir, Path onnx, List<Path> onnxFiles, Options options, Encoder encoder)
            implements TinyModel {

        /** {@code last_hidden_state} of this row, {@code [seq][d]} ({@code mask == null}: all ones). */
        public float[][] expectedHiddenStates(long[] ids, long[] mask, long[] typeIds) {
            return encoder.hiddenStates(ids, mask, typeIds);
        }

        /** The sentence embedding sentence-transformers would compute with this folder's own pooling config
         *  ({@link Options#pooling()}, then L2 normalization if {@link Options#normalize()}). */
        public float[] expectedEmbedding(long[] ids, long[] typeIds) {
            return expectedEmbedding(ids, typeIds, options.pooling(), options.normalize());
        }

        /** The embedding of this (unpadded) row with the given pooling and normalization. */
        public float[] expectedEmbedding(long[] ids, long[] typeIds, Pooling pooling, boolean normalize) {
            float[][] h = encoder.hiddenStates(ids, null, typeIds);
            int d = encoder.hidden();
            double[] v = new double[d];
            switch (pooling) {
                case CLS -> {
                    for (int k = 0; k < d; k++) {
                        v[k] = h[0][k];
                    }
                }
                case MEAN -> v = maskedMean(h, null);
                case MAX -> {
                    Arrays.fill(v, Double.NEGATIVE_INFINITY);
                    for (float[] row : h) {
                        for (int k = 0; k < d; k++) {
                            v[k] = Math.max(v[k], row[k]);
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
            return toFloat(normalize ? l2normalize(v) : v);
        }
    }

    /** Feature-extraction model ({@code BertModel}-like) with sentence-transformers files around it. */
    public static TokenEmbedder tokenEmbedder(Path dir, Options o) throws IOException {
        Encoder enc = drawEncoder(new Random(o.seed()), o);
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny_token_embedder");
        encoderGraph(g, enc, o, "last_hidden_state");
        g.output("last_hidden_state", FLOAT, BATCH, SEQ, o.hidden());
        List<Path> files = writeSameGraph(dir, o, g);
        writeCommon(dir, o, baseConfig(o, "BertModel"));
        writeSentenceTransformersFiles(dir, o, o.pooling());
        return new TokenEmbedder(dir, files.get(0), files, o, enc);
    }

    /** A written sentence-transformers export with output {@code sentence_embedding [batch, d]}. */
    public record SentenceEmbedder(Path dir, Path onnx, List<Path> onnxFiles, Options options, Encoder encoder)
            implements TinyModel {

        /** {@code sentence_embedding}: masked mean of h (L2-normalized if {@link Options#normalize()}). */
        public float[] expectedSentenceEmbedding(long[] ids, long[] typeIds) {
            double[] v = maskedMean(encoder.hiddenStates(ids, null, typeIds), null);
            return toFloat(options.normalize() ? l2normalize(v) : v);
        }

        /** {@code token_embeddings} of this row (if {@link Options#tokenEmbeddingsOutput()}). */
        public float[][] expectedTokenEmbeddings(long[] ids, long[] mask, long[] typeIds) {
            return encoder.hiddenStates(ids, mask, typeIds);
        }
    }

    /**
     * Sentence embedder: mean pooling (and L2 normalization if {@link Options#normalize()}) inside the graph.
     * Outputs {@code token_embeddings} (if {@link Options#tokenEmbeddingsOutput()}) then {@code sentence_embedding}.
     * The sentence-transformers files say mean pooling, matching the graph.
     */
    public static SentenceEmbedder sentenceEmbedder(Path dir, Options o) throws IOException {
        Encoder enc = drawEncoder(new Random(o.seed()), o);
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny_sentence_embedder");
        EncoderOut e = encoderGraph(g, enc, o, o.tokenEmbeddingsOutput() ? "token_embeddings" : null);
        String pooled = maskedMeanGraph(g, e.hidden(), e.maskF());
        if (o.normalize()) {
            String sq = g.op("ReduceSum", attrs(Attr.i("keepdims", 1)), g.op("Mul", pooled, pooled), g.axes(1));
            String norm = g.op("Max", g.op("Sqrt", sq), g.scalar("/norm_eps", 1e-12f));
            g.opNamed("Div", "sentence_embedding", attrs(), pooled, norm);
        } else {
            g.opNamed("Identity", "sentence_embedding", attrs(), pooled);
        }
        if (o.tokenEmbeddingsOutput()) {
            g.output("token_embeddings", FLOAT, BATCH, SEQ, o.hidden());
        }
        g.output("sentence_embedding", FLOAT, BATCH, o.hidden());
        List<Path> files = writeSameGraph(dir, o, g);
        writeCommon(dir, o, baseConfig(o, "BertModel"));
        writeSentenceTransformersFiles(dir, o, Pooling.MEAN);
        return new SentenceEmbedder(dir, files.get(0), files, o, enc);
    }

    // =====================================================================================================
    // Tokenizer and batch helpers
    // =====================================================================================================

    /** Copies the classpath tokenizer ({@value #TOKENIZER_RESOURCE}) to {@code dir/tokenizer.json}. */
    public static Path copyTokenizer(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve("tokenizer.json");
        try (InputStream in = TinyModels.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IOException("classpath resource not found: " + TOKENIZER_RESOURCE);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /**
     * A DJL tokenizer configured the way {@code infer} must configure it, overriding the file's own fixed
     * padding to 128: no padding, truncation on, at most {@code maxLength} tokens ([CLS] and [SEP] included).
     * {@code tokenizerJsonOrDir} may be the tokenizer.json file or its folder. Close it after use.
     */
    public static HuggingFaceTokenizer referenceTokenizer(Path tokenizerJsonOrDir, int maxLength) throws IOException {
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJsonOrDir)
                .optPadding(false)
                .optTruncation(true)
                .optMaxLength(maxLength)
                .build();
    }

    /** A right-padded batch: ids padded with {@link #PAD_ID}, mask 1/0, type ids padded with 0. */
    public record Batch(long[][] ids, long[][] mask, long[][] typeIds) {
        public int size() {
            return ids.length;
        }

        public int length() {
            return ids.length == 0 ? 0 : ids[0].length;
        }

        /** Flattened row-major copy, e.g. for {@code OnnxTensor.createTensor(env, LongBuffer.wrap(..), shape)}. */
        public static long[] flatten(long[][] a) {
            int n = a.length == 0 ? 0 : a[0].length;
            long[] out = new long[a.length * n];
            for (int i = 0; i < a.length; i++) {
                System.arraycopy(a[i], 0, out, i * n, n);
            }
            return out;
        }

        public static int[] flattenInt(long[][] a) {
            long[] f = flatten(a);
            int[] out = new int[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = Math.toIntExact(f[i]);
            }
            return out;
        }
    }

    /** Right-pads rows to the longest one. {@code typeIds == null} gives all-zero type ids. */
    public static Batch pad(List<long[]> ids, List<long[]> typeIds) {
        int n = 0;
        for (long[] r : ids) {
            n = Math.max(n, r.length);
        }
        long[][] pi = new long[ids.size()][n];
        long[][] pm = new long[ids.size()][n];
        long[][] pt = new long[ids.size()][n];
        for (int b = 0; b < ids.size(); b++) {
            long[] r = ids.get(b);
            for (int t = 0; t < r.length; t++) {
                pi[b][t] = r[t];
                pm[b][t] = 1;
                pt[b][t] = typeIds == null ? 0 : typeIds.get(b)[t];
            }
        }
        return new Batch(pi, pm, pt);
    }

    // =====================================================================================================
    // Small math helpers (public: tests use them on the tool's output)
    // =====================================================================================================

    public static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return out;
    }

    public static float[] sigmoid(float[] logits) {
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
        }
        return out;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    // =====================================================================================================
    // Internals: graph pieces
    // =====================================================================================================

    private record EncoderOut(String hidden, String maskF) {
    }

    private static EncoderOut encoderGraph(OnnxGraphBuilder g, Encoder enc, Options o) {
        return encoderGraph(g, enc, o, null);
    }

    /** Declares the inputs and builds h = tanh(E[ids] + T[types] + (1 - mask) * P). */
    private static EncoderOut encoderGraph(OnnxGraphBuilder g, Encoder enc, Options o, String hiddenName) {
        int idType = o.int32Inputs() ? INT32 : INT64;
        int d = enc.hidden();
        g.input("input_ids", idType, BATCH, SEQ);
        g.input("attention_mask", idType, BATCH, SEQ);
        if (o.tokenTypeIds()) {
            g.input("token_type_ids", idType, BATCH, SEQ);
        }
        String e = g.floatInit("embeddings.word_embeddings.weight", flat(enc.wordEmbeddings()), enc.vocabSize(), d);
        String x = g.op("Gather", attrs(Attr.i("axis", 0)), e, "input_ids");
        if (o.tokenTypeIds()) {
            String t = g.floatInit("embeddings.token_type_embeddings.weight", flat(enc.typeEmbeddings()), 2, d);
            x = g.op("Add", x, g.op("Gather", attrs(Attr.i("axis", 0)), t, "token_type_ids"));
        }
        String maskF = g.op("Cast", attrs(Attr.i("to", FLOAT)), "attention_mask");
        String inv = g.op("Sub", g.scalar("/one", 1f), maskF);
        String inv3 = g.op("Unsqueeze", inv, g.axes(-1));
        String shift = g.op("Mul", inv3, g.floatInit("embeddings.pad_shift", enc.padShift(), d));
        x = g.op("Add", x, shift);
        String h = hiddenName == null ? g.op("Tanh", x) : g.opNamed("Tanh", hiddenName, attrs(), x);
        return new EncoderOut(h, maskF);
    }

    /** sum(h * mask) / max(sum(mask), 1e-9) over the sequence axis: [b,s,d] → [b,d]. */
    private static String maskedMeanGraph(OnnxGraphBuilder g, String h, String maskF) {
        String m3 = g.op("Unsqueeze", maskF, g.axes(-1));
        String num = g.op("ReduceSum", attrs(Attr.i("keepdims", 0)), g.op("Mul", h, m3), g.axes(1));
        String den = g.op("ReduceSum", attrs(Attr.i("keepdims", 0)), m3, g.axes(1));
        den = g.op("Max", den, g.scalar("/mean_eps", 1e-9f));
        return g.op("Div", num, den);
    }

    private static List<Path> writeSameGraph(Path dir, Options o, OnnxGraphBuilder g) throws IOException {
        Files.createDirectories(dir);
        List<String> names = switch (o.layout()) {
            case TOP_LEVEL -> List.of("model.onnx");
            case ONNX_DIR -> List.of("onnx/model.onnx");
            case ONNX_DIR_QUANTIZED -> List.of("onnx/model_quantized.onnx");
            case ONNX_DIR_BOTH -> List.of("onnx/model.onnx", "onnx/model_quantized.onnx");
        };
        var model = g.build();
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            files.add(OnnxGraphBuilder.write(model, dir.resolve(n)));
        }
        return List.copyOf(files);
    }

    // =====================================================================================================
    // Internals: JSON side files
    // =====================================================================================================

    private static Map<String, Object> baseConfig(Options o, String architecture) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("_name_or_path", "infer-tests/tiny-" + architecture.toLowerCase());
        c.put("architectures", List.of(architecture));
        c.put("attention_probs_dropout_prob", 0.1);
        c.put("classifier_dropout", null);
        c.put("hidden_act", "gelu");
        c.put("hidden_dropout_prob", 0.1);
        c.put("hidden_size", o.hidden());
        c.put("initializer_range", 0.02);
        c.put("intermediate_size", o.hidden());
        c.put("layer_norm_eps", 1e-12);
        c.put("max_position_embeddings", o.maxPositionEmbeddings());
        c.put("model_type", "bert");
        c.put("num_attention_heads", 1);
        c.put("num_hidden_layers", 1);
        c.put("pad_token_id", 0);
        c.put("position_embedding_type", "absolute");
        c.put("torch_dtype", "float32");
        c.put("transformers_version", "4.44.2");
        c.put("type_vocab_size", 2);
        c.put("use_cache", true);
        c.put("vocab_size", o.vocabSize());
        return c;
    }

    private static void writeCommon(Path dir, Options o, Map<String, Object> config) throws IOException {
        if (o.writeConfig()) {
            writeJson(dir.resolve("config.json"), config);
        }
        if (o.writeTokenizer()) {
            copyTokenizer(dir);
            Map<String, Object> tc = new LinkedHashMap<>();
            tc.put("clean_up_tokenization_spaces", true);
            tc.put("cls_token", "[CLS]");
            tc.put("do_basic_tokenize", true);
            tc.put("do_lower_case", o.doLowerCase());
            tc.put("mask_token", "[MASK]");
            if (o.modelMaxLength() != null) {
                tc.put("model_max_length", o.modelMaxLength());
            }
            tc.put("never_split", null);
            tc.put("pad_token", "[PAD]");
            tc.put("sep_token", "[SEP]");
            tc.put("strip_accents", null);
            tc.put("tokenize_chinese_chars", true);
            tc.put("tokenizer_class", "BertTokenizer");
            tc.put("unk_token", "[UNK]");
            writeJson(dir.resolve("tokenizer_config.json"), tc);
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("cls_token", "[CLS]");
            st.put("mask_token", "[MASK]");
            st.put("pad_token", "[PAD]");
            st.put("sep_token", "[SEP]");
            st.put("unk_token", "[UNK]");
            writeJson(dir.resolve("special_tokens_map.json"), st);
        }
    }

    private static void writeSentenceTransformersFiles(Path dir, Options o, Pooling pooling) throws IOException {
        List<Map<String, Object>> modules = new ArrayList<>();
        modules.add(module(0, "0", "", "sentence_transformers.models.Transformer"));
        modules.add(module(1, "1", "1_Pooling", "sentence_transformers.models.Pooling"));
        if (o.normalize()) {
            modules.add(module(2, "2", "2_Normalize", "sentence_transformers.models.Normalize"));
        }
        writeJson(dir.resolve("modules.json"), modules);

        Map<String, Object> p = new LinkedHashMap<>();
        p.put("word_embedding_dimension", o.hidden());
        p.put("pooling_mode_cls_token", pooling == Pooling.CLS);
        p.put("pooling_mode_mean_tokens", pooling == Pooling.MEAN);
        p.put("pooling_mode_max_tokens", pooling == Pooling.MAX);
        p.put("pooling_mode_mean_sqrt_len_tokens", false);
        p.put("pooling_mode_weightedmean_tokens", false);
        p.put("pooling_mode_lasttoken", false);
        p.put("include_prompt", true);
        Files.createDirectories(dir.resolve("1_Pooling"));
        writeJson(dir.resolve("1_Pooling/config.json"), p);

        Map<String, Object> sb = new LinkedHashMap<>();
        sb.put("max_seq_length", o.maxSeqLength());
        sb.put("do_lower_case", false);
        writeJson(dir.resolve("sentence_bert_config.json"), sb);

        Map<String, Object> cst = new LinkedHashMap<>();
        cst.put("__version__", Map.of("sentence_transformers", "3.0.1", "transformers", "4.44.2",
                "pytorch", "2.4.0"));
        cst.put("prompts", Map.of());
        cst.put("default_prompt_name", null);
        cst.put("similarity_fn_name", "cosine");
        writeJson(dir.resolve("config_sentence_transformers.json"), cst);
    }

    private static Map<String, Object> module(int idx, String name, String path, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idx", idx);
        m.put("name", name);
        m.put("path", path);
        m.put("type", type);
        return m;
    }

    private static void writeJson(Path file, Object value) throws IOException {
        JSON.writeValue(file.toFile(), value);
    }

    // =====================================================================================================
    // Internals: math
    // =====================================================================================================

    private record QuantParams(float scale, int zeroPoint) {
    }

    /** ORT DynamicQuantizeLinear (uint8): range widened to include 0, scale = (max - min) / 255. */
    private static QuantParams dynamicQuantParams(float[][][] x) {
        float min = 0f;
        float max = 0f;
        for (float[][] a : x) {
            for (float[] b : a) {
                for (float v : b) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        float scale = max == min ? 1f : (max - min) / 255f;
        float zp = 0f - min / scale;
        zp = Math.max(0f, Math.min(255f, zp));
        return new QuantParams(scale, (int) Math.rint(zp));
    }

    private static int quantize(float v, QuantParams qp) {
        float q = (float) Math.rint(v / qp.scale()) + qp.zeroPoint();
        return (int) Math.max(0f, Math.min(255f, q));
    }

    private static float[] matVec(float[] v, float[][] m) {
        int n = m[0].length;
        float[] out = new float[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < v.length; k++) {
                s += (double) v[k] * m[k][j];
            }
            out[j] = (float) s;
        }
        return out;
    }

    /** Mean over the rows whose mask is 1 ({@code mask == null}: all rows). */
    private static double[] maskedMean(float[][] rows, long[] mask) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        double[] s = new double[d];
        double n = 0;
        for (int t = 0; t < rows.length; t++) {
            double m = mask == null ? 1 : mask[t];
            n += m;
            for (int k = 0; k < d; k++) {
                s[k] += m * rows[t][k];
            }
        }
        n = Math.max(n, 1e-9);
        for (int k = 0; k < d; k++) {
            s[k] /= n;
        }
        return s;
    }

    private static double[] l2normalize(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.max(Math.sqrt(n), 1e-12);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / n;
        }
        return out;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static float[][] gaussian(Random rnd, int rows, int cols, double std) {
        float[][] m = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = (float) (rnd.nextGaussian() * std);
            }
        }
        return m;
    }

    private static float[] flat(float[][] m) {
        int c = m[0].length;
        float[] out = new float[m.length * c];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * c, c);
        }
        return out;
    }

    private static byte[] flatBytes(byte[][] m) {
        int c = m[0].length;
        byte[] out = new byte[m.length * c];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * c, c);
        }
        return out;
    }
}
