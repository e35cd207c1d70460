package dev.infer.testing;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.testing.TinyModels.Batch;
import dev.infer.testing.TinyModels.Classifier;
import dev.infer.testing.TinyModels.OnnxLayout;
import dev.infer.testing.TinyModels.Options;
import dev.infer.testing.TinyModels.Pooling;
import dev.infer.testing.TinyModels.SentenceEmbedder;
import dev.infer.testing.TinyModels.TokenEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that every {@link TinyModels} graph loads in plain ONNX Runtime with Optimum-like inputs/outputs, and
 * that ORT's numbers equal the pure-Java references.
 */
class TinyModelsTest {

    private static final double TOL = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SENTENCES = List.of(
            "Hello world!",
            "The quick brown fox jumps over the lazy dog.",
            "I absolutely loved this movie, the acting was superb and the plot kept me guessing.");

    @TempDir
    static Path tmp;

    private static OrtEnvironment env;
    private static HuggingFaceTokenizer tokenizer;

    @BeforeAll
    static void setUp() throws IOException {
        env = OrtEnvironment.getEnvironment();
        tokenizer = TinyModels.referenceTokenizer(TinyModels.copyTokenizer(tmp.resolve("tok")), 256);
    }

    @AfterAll
    static void tearDown() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    // ------------------------------------------------------------------------------------------ tokenizer

    @Test
    void referenceTokenizerOverridesTheFilesFixedPadding() {
        Encoding enc = tokenizer.encode("Hello world!");
        assertArrayEquals(new long[] {101, 7592, 2088, 999, 102}, enc.getIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1}, enc.getAttentionMask());
        assertArrayEquals(new long[] {0, 0, 0, 0, 0}, enc.getTypeIds());
        Encoding pair = tokenizer.encode("Hello", "world");
        assertArrayEquals(new long[] {101, 7592, 102, 2088, 102}, pair.getIds());
        assertArrayEquals(new long[] {0, 0, 0, 1, 1}, pair.getTypeIds());
        Encoding longOne = tokenizer.encode("word ".repeat(1000));
        assertEquals(256, longOne.getIds().length);
        assertEquals(TinyModels.SEP_ID, longOne.getIds()[255]);
    }

    // ------------------------------------------------------------------------------------------ classifiers

    @Test
    void sequenceClassifierMatchesReference() throws Exception {
        Classifier m = TinyModels.sequenceClassifier(tmp.resolve("cls"), Options.defaults());
        assertEquals(m.dir().resolve("model.onnx"), m.onnx());
        assertTrue(Files.size(m.onnx()) < 1_100_000, "size " + Files.size(m.onnx()));
        try (OrtSession s = env.createSession(m.onnx().toString(), new OrtSession.SessionOptions())) {
            assertInputs(s, OnnxJavaType.INT64, "input_ids", "attention_mask", "token_type_ids");
            assertOutput(s, "logits", OnnxJavaType.FLOAT, new long[] {-1, 2}, "batch_size", "");

            List<long[]> rows = new ArrayList<>();
            for (String text : SENTENCES) {
                long[] ids = tokenizer.encode(text).getIds();
                rows.add(ids);
                float[] ort = run(s, TinyModels.pad(List.of(ids), null), false).get("logits")[0];
                assertClose(m.expectedLogits(ids, null), ort);
            }
            // padded batch: float model, every row equals its batch-of-one reference
            Batch b = TinyModels.pad(rows, null);
            float[][] ort = run(s, b, false).get("logits");
            for (int i = 0; i < rows.size(); i++) {
                assertClose(m.expectedLogits(rows.get(i), null), ort[i]);
            }

            // token_type_ids matter: a pair vs the same ids with all-zero types
            Encoding pair = tokenizer.encode("Is it good?", "Yes, very good.");
            float[] withTypes = run(s, TinyModels.pad(List.of(pair.getIds()), List.of(pair.getTypeIds())), false)
                    .get("logits")[0];
            float[] zeroTypes = run(s, TinyModels.pad(List.of(pair.getIds()), null), false).get("logits")[0];
            assertClose(m.expectedLogits(pair.getIds(), pair.getTypeIds()), withTypes);
            assertTrue(TinyModels.maxAbsDiff(withTypes, zeroTypes) > 1e-2);
        }
        JsonNode config = JSON.readTree(m.dir().resolve("config.json").toFile());
        assertEquals("bert", config.get("model_type").asText());
        assertEquals(30522, config.get("vocab_size").asInt());
        assertEquals("POSITIVE", config.get("id2label").get("1").asText());
        assertEquals(0, config.get("label2id").get("NEGATIVE").asInt());
        assertFalse(config.has("problem_type"));
        JsonNode tc = JSON.readTree(m.dir().resolve("tokenizer_config.json").toFile());
        assertEquals(512, tc.get("model_max_length").asInt());
        assertTrue(tc.get("do_lower_case").asBoolean());
        assertTrue(Files.isRegularFile(m.dir().resolve("tokenizer.json")));
    }

    @Test
    void multiLabelInt32WithoutTokenTypesUnderOnnxDir() throws Exception {
        Options o = Options.defaults().withSeed(7).withInt32Inputs(true).withTokenTypeIds(false)
                .withLayout(OnnxLayout.ONNX_DIR).withLabels("toxic", "insult", "threat").withLabelMaps(false);
        Classifier m = TinyModels.multiLabelClassifier(tmp.resolve("multi"), o);
        assertEquals(m.dir().resolve("onnx/model.onnx"), m.onnx());
        assertTrue(m.multiLabel());
        try (OrtSession s = env.createSession(m.onnx().toString(), new OrtSession.SessionOptions())) {
            assertInputs(s, OnnxJavaType.INT32, "input_ids", "attention_mask");
            assertOutput(s, "logits", OnnxJavaType.FLOAT, new long[] {-1, 3}, "batch_size", "");
            List<long[]> rows = new ArrayList<>();
            for (String text : SENTENCES) {
                rows.add(tokenizer.encode(text).getIds());
            }
            float[][] ort = run(s, TinyModels.pad(rows, null), true).get("logits");
            for (int i = 0; i < rows.size(); i++) {
                assertClose(m.expectedLogits(rows.get(i), null), ort[i]);
            }
        }
        JsonNode config = JSON.readTree(m.dir().resolve("config.json").toFile());
        assertEquals("multi_label_classification", config.get("problem_type").asText());
        assertFalse(config.has("id2label"));
        assertFalse(config.has("label2id"));
    }

    @Test
    void vocabMismatchFailsInOrtOnLargeIds() throws Exception {
        Classifier m = TinyModels.vocabMismatchClassifier(tmp.resolve("vocab"), Options.defaults());
        assertEquals(1000, m.encoder().vocabSize());
        assertTrue(Files.size(m.onnx()) < 100_000);
        assertEquals(1000, JSON.readTree(m.dir().resolve("config.json").toFile()).get("vocab_size").asInt());
        try (OrtSession s = env.createSession(m.onnx().toString(), new OrtSession.SessionOptions())) {
            long[] small = {101, 500, 999, 102};
            assertClose(m.expectedLogits(small, null), run(s, TinyModels.pad(List.of(small), null), false)
                    .get("logits")[0]);
            long[] real = tokenizer.encode("Hello world!").getIds();
            OrtException e = assertThrows(OrtException.class,
                    () -> run(s, TinyModels.pad(List.of(real), null), false));
            assertTrue(e.getMessage().contains("out of"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.expectedLogits(real, null));
        }
    }

    @Test
    void batchSensitiveModelReallyIsAndFloatModelIsNot() throws Exception {
        Classifier q = TinyModels.batchSensitiveClassifier(tmp.resolve("quant"), Options.defaults());
        Classifier f = TinyModels.sequenceClassifier(tmp.resolve("float"), Options.defaults());
        assertTrue(q.onnxQuantized());
        long[] shortRow = tokenizer.encode("Hello world!").getIds();
        long[] mate = tokenizer.encode(SENTENCES.get(2) + " " + SENTENCES.get(1)).getIds();
        Batch alone = TinyModels.pad(List.of(shortRow), null);
        Batch together = TinyModels.pad(List.of(shortRow, mate), null);

        double qDiff;
        try (OrtSession s = env.createSession(q.onnx().toString(), new OrtSession.SessionOptions())) {
            assertInputs(s, OnnxJavaType.INT64, "input_ids", "attention_mask", "token_type_ids");
            assertOutput(s, "logits", OnnxJavaType.FLOAT, new long[] {-1, 2}, "batch_size", "");
            float[] a = run(s, alone, false).get("logits")[0];
            float[][] t = run(s, together, false).get("logits");
            // ORT equals the Java reference of the quantized math, batch of one and batched
            assertClose(q.expectedLogits(shortRow, null), a);
            float[][] ref = q.expectedLogits(together.ids(), together.mask(), together.typeIds());
            assertClose(ref[0], t[0]);
            assertClose(ref[1], t[1]);
            qDiff = TinyModels.maxAbsDiff(a, t[0]);
            System.out.printf("batch-sensitive: row alone %s vs with batch-mate %s, max |diff| %.3g%n",
                    Arrays.toString(a), Arrays.toString(t[0]), qDiff);
            assertTrue(qDiff > 1e-4, "quantized model should be batch-sensitive, diff " + qDiff);
            // and it approximates the float model with the same weights
            assertTrue(TinyModels.maxAbsDiff(a, f.expectedLogits(shortRow, null)) < 0.05);
        }
        try (OrtSession s = env.createSession(f.onnx().toString(), new OrtSession.SessionOptions())) {
            float[] a = run(s, alone, false).get("logits")[0];
            float[] t = run(s, together, false).get("logits")[0];
            double fDiff = TinyModels.maxAbsDiff(a, t);
            System.out.printf("float classifier: alone vs batched max |diff| %.3g%n", fDiff);
            assertTrue(fDiff < 1e-6, "float model should not be batch-sensitive, diff " + fDiff);
        }
    }

    @Test
    void bothFilesLayoutHoldsFloatAndQuantizedGraphs() throws Exception {
        Classifier m = TinyModels.sequenceClassifier(tmp.resolve("both"),
                Options.defaults().withLayout(OnnxLayout.ONNX_DIR_BOTH).withProblemType("single_label_classification"));
        assertEquals(m.dir().resolve("onnx/model.onnx"), m.onnx());
        assertEquals(m.dir().resolve("onnx/model_quantized.onnx"), m.quantizedOnnx());
        assertFalse(Files.exists(m.dir().resolve("model.onnx")));
        assertFalse(m.onnxQuantized());
        long[] ids = tokenizer.encode(SENTENCES.get(1)).getIds();
        Batch b = TinyModels.pad(List.of(ids), null);
        float[] fl;
        float[] qu;
        try (OrtSession s = env.createSession(m.onnx().toString(), new OrtSession.SessionOptions())) {
            fl = run(s, b, false).get("logits")[0];
        }
        try (OrtSession s = env.createSession(m.quantizedOnnx().toString(), new OrtSession.SessionOptions())) {
            qu = run(s, b, false).get("logits")[0];
        }
        assertClose(m.floatLogits(b.ids(), b.mask(), b.typeIds())[0], fl);
        assertClose(m.quantizedLogits(b.ids(), b.mask(), b.typeIds())[0], qu);
        assertTrue(TinyModels.maxAbsDiff(fl, qu) > 1e-5);

        Classifier qOnly = TinyModels.sequenceClassifier(tmp.resolve("qonly"),
                Options.defaults().withLayout(OnnxLayout.ONNX_DIR_QUANTIZED));
        assertEquals(qOnly.dir().resolve("onnx/model_quantized.onnx"), qOnly.onnx());
        assertTrue(qOnly.onnxQuantized());
        assertEquals(List.of(qOnly.onnx()), qOnly.onnxFiles());
    }

    // ------------------------------------------------------------------------------------------ embedders

    @Test
    void tokenEmbedderMatchesReferenceIncludingPaddedPositions() throws Exception {
        TokenEmbedder m = TinyModels.tokenEmbedder(tmp.resolve("tok-emb"),
                Options.defaults().withPooling(Pooling.MAX).withNormalize(true).withMaxSeqLength(128));
        try (OrtSession s = env.createSession(m.onnx().toString(), new OrtSession.SessionOptions())) {
            assertInputs(s, OnnxJavaType.INT64, "input_ids", "attention_mask", "token_type_ids");
            assertOutput(s, "last_hidden_state", OnnxJavaType.FLOAT, new long[] {-1, -1, 8},
                    "batch_size", "sequence_length", "");
            List<long[]> rows = new ArrayList<>();
            for (String text : SENTENCES) {
                rows.add(tokenizer.encode(text).getIds());
            }
            Batch b = TinyModels.pad(rows, null);
            float[][][] ort = run3(s, b, "last_hidden_state");
            for (int i = 0; i < rows.size(); i++) {
                float[][] ref = m.expectedHiddenStates(b.ids()[i], b.mask()[i], b.typeIds()[i]);
                for (int t = 0; t < b.length(); t++) {
                    assertClose(ref[t], ort[i][t]);
                }
            }
            // padded positions carry garbage different from a real [PAD] token
            float[][] ref0 = m.expectedHiddenStates(b.ids()[0], b.mask()[0], null);
            float[][] asIfReal = m.expectedHiddenStates(b.ids()[0], null, null);
            assertTrue(TinyModels.maxAbsDiff(ref0[b.length() - 1], asIfReal[b.length() - 1]) > 0.1);
        }
        long[] ids = rows0();
        float[] cls = m.expectedEmbedding(ids, null, Pooling.CLS, false);
        float[] mean = m.expectedEmbedding(ids, null, Pooling.MEAN, false);
        float[] max = m.expectedEmbedding(ids, null, Pooling.MAX, false);
        assertTrue(TinyModels.maxAbsDiff(cls, mean) > 1e-2);
        assertTrue(TinyModels.maxAbsDiff(mean, max) > 1e-2);
        float[] configured = m.expectedEmbedding(ids, null);
        assertClose(configured, normalize(max));

        JsonNode pooling = JSON.readTree(m.dir().resolve("1_Pooling/config.json").toFile());
        assertEquals(8, pooling.get("word_embedding_dimension").asInt());
        assertTrue(pooling.get("pooling_mode_max_tokens").asBoolean());
        assertFalse(pooling.get("pooling_mode_mean_tokens").asBoolean());
        JsonNode modules = JSON.readTree(m.dir().resolve("modules.json").toFile());
        assertEquals(3, modules.size());
        assertEquals("sentence_transformers.models.Normalize", modules.get(2).get("type").asText());
        assertEquals(128, JSON.readTree(m.dir().resolve("sentence_bert_config.json").toFile())
                .get("max_seq_length").asInt());
    }

    @Test
    void sentenceEmbedderMatchesReference() throws Exception {
        SentenceEmbedder m = TinyModels.sentenceEmbedder(tmp.resolve("sent-emb"),
                Options.defaults().withNormalize(true).withHidden(16).withLayout(OnnxLayout.ONNX_DIR));
        try (OrtSession s = env.createSession(m.onnx().toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("token_embeddings", "sentence_embedding"), new ArrayList<>(s.getOutputNames()));
            assertOutput(s, "sentence_embedding", OnnxJavaType.FLOAT, new long[] {-1, 16}, "batch_size", "");
            assertOutput(s, "token_embeddings", OnnxJavaType.FLOAT, new long[] {-1, -1, 16},
                    "batch_size", "sequence_length", "");
            List<long[]> rows = new ArrayList<>();
            for (String text : SENTENCES) {
                rows.add(tokenizer.encode(text).getIds());
            }
            float[][] ort = run(s, TinyModels.pad(rows, null), false).get("sentence_embedding");
            for (int i = 0; i < rows.size(); i++) {
                float[] ref = m.expectedSentenceEmbedding(rows.get(i), null);
                assertClose(ref, ort[i]);
                assertEquals(1.0, Math.sqrt(dot(ort[i], ort[i])), 1e-5);
            }
        }
        SentenceEmbedder plain = TinyModels.sentenceEmbedder(tmp.resolve("sent-emb-plain"),
                Options.defaults().withTokenEmbeddingsOutput(false));
        try (OrtSession s = env.createSession(plain.onnx().toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("sentence_embedding"), new ArrayList<>(s.getOutputNames()));
            long[] ids = rows0();
            assertClose(plain.expectedSentenceEmbedding(ids, null),
                    run(s, TinyModels.pad(List.of(ids), null), false).get("sentence_embedding")[0]);
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static long[] rows0() {
        return tokenizer.encode(SENTENCES.get(1)).getIds();
    }

    private static void assertInputs(OrtSession s, OnnxJavaType type, String... names) throws OrtException {
        assertEquals(List.of(names), new ArrayList<>(s.getInputNames()));
        Map<String, NodeInfo> info = s.getInputInfo();
        for (String n : names) {
            TensorInfo ti = (TensorInfo) info.get(n).getInfo();
            assertEquals(type, ti.type, n);
            assertArrayEquals(new long[] {-1, -1}, ti.getShape(), n);
            assertArrayEquals(new String[] {"batch_size", "sequence_length"}, ti.getDimensionNames(), n);
        }
    }

    private static void assertOutput(OrtSession s, String name, OnnxJavaType type, long[] shape, String... dimNames)
            throws OrtException {
        NodeInfo ni = s.getOutputInfo().get(name);
        assertTrue(ni != null, "no output " + name + " in " + s.getOutputNames());
        TensorInfo ti = (TensorInfo) ni.getInfo();
        assertEquals(type, ti.type);
        assertArrayEquals(shape, ti.getShape());
        assertArrayEquals(dimNames, ti.getDimensionNames());
    }

    /** Runs a padded batch, feeding only the inputs the session declares; returns every 2-D float output. */
    private static Map<String, float[][]> run(OrtSession s, Batch b, boolean int32) throws OrtException {
        Map<String, float[][]> out = new LinkedHashMap<>();
        Map<String, OnnxTensor> inputs = inputs(s, b, int32);
        try (OrtSession.Result r = s.run(inputs)) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                OnnxTensor t = (OnnxTensor) e.getValue();
                if (t.getInfo().getShape().length == 2) {
                    out.put(e.getKey(), (float[][]) t.getValue());
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
        return out;
    }

    private static float[][][] run3(OrtSession s, Batch b, String output) throws OrtException {
        Map<String, OnnxTensor> inputs = inputs(s, b, false);
        try (OrtSession.Result r = s.run(inputs)) {
            return (float[][][]) r.get(output).orElseThrow().getValue();
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static Map<String, OnnxTensor> inputs(OrtSession s, Batch b, boolean int32) throws OrtException {
        long[] shape = {b.size(), b.length()};
        Map<String, long[][]> all = Map.of("input_ids", b.ids(), "attention_mask", b.mask(),
                "token_type_ids", b.typeIds());
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (String name : s.getInputNames()) {
                long[][] v = all.get(name);
                inputs.put(name, int32
                        ? OnnxTensor.createTensor(env, IntBuffer.wrap(Batch.flattenInt(v)), shape)
                        : OnnxTensor.createTensor(env, LongBuffer.wrap(Batch.flatten(v)), shape));
            }
        } catch (OrtException | RuntimeException e) {
            inputs.values().forEach(OnnxTensor::close);
            throw e;
        }
        return inputs;
    }

    private static void assertClose(float[] expected, float[] actual) {
        double d = TinyModels.maxAbsDiff(expected, actual);
        assertTrue(d <= TOL, "max |diff| " + d + "\nexpected " + Arrays.toString(expected)
                + "\nactual   " + Arrays.toString(actual));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static float[] normalize(float[] v) {
        double n = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }
}
