package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.testing.OnnxGraphBuilder;
import dev.infer.testing.TinyModels;
import dev.infer.testing.TinyModels.Classifier;
import dev.infer.testing.TinyModels.OnnxLayout;
import dev.infer.testing.TinyModels.Options;
import dev.infer.testing.TinyModels.Pooling;
import dev.infer.testing.TinyModels.SentenceEmbedder;
import dev.infer.testing.TinyModels.TokenEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model DIR} on Hugging Face / Optimum / Transformers.js folder layouts, with tiny real ONNX models
 * ({@link TinyModels}). Every number the jar prints is compared with TinyModels' own Java math, which never
 * goes through ONNX Runtime or infer's code; only the token ids come from the same tokenizer.json (through
 * DJL, configured like Transformers: no padding, truncation at the folder's max length).
 */
class ModelFolderIT {
    private static final double TOL = 1e-4;
    private static final String LONG = "word ".repeat(300).trim();

    @TempDir
    Path tmp;

    /** Varied texts: cased words (the folder lower-cases), accents, emoji, a text past every max length. */
    private static final List<String> TEXTS = texts();

    private static List<String> texts() {
        List<String> t = new ArrayList<>(List.of(
                "I absolutely LOVED this movie, the acting was superb!",
                "Terrible. It broke after one day and support ignored me.",
                "Hello world!",
                "Ünïcödé café, naïve résumé 🙂",
                LONG));
        t.addAll(Corpus.texts(35, 11));
        return List.copyOf(t);
    }

    // ===================================================================================== classification

    @Test
    void classifierAtTheTopWithTopKAndAllScores() throws Exception {
        Classifier m = TinyModels.sequenceClassifier(tmp.resolve("sst2"), Options.defaults());
        List<JsonNode> rows = run("classify", "--model", m.dir().toString(), "--top-k", "2", "--all-scores");
        List<long[]> ids = ids(m.dir(), 512);
        assertEquals(List.of("id", "text", "label", "score", "top_k", "scores"), fieldNames(rows.get(0)));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            float[] p = TinyModels.softmax(m.expectedLogits(ids.get(i), null));
            assertSingleLabel(rows.get(i), m.labels(), p, 2);
            seen.add(rows.get(i).get("label").asText());
        }
        assertEquals(Set.of("NEGATIVE", "POSITIVE"), seen, "both labels occur, so the check discriminates");
    }

    @Test
    void onnxFolderWithoutTokenTypesWithInt32IdsAndThePositionLimit() throws Exception {
        Classifier m = TinyModels.sequenceClassifier(tmp.resolve("distil"), Options.defaults()
                .withLayout(OnnxLayout.ONNX_DIR).withTokenTypeIds(false).withInt32Inputs(true)
                .withModelMaxLength(null).withMaxPositionEmbeddings(24).withLabels("1 star", "2 stars", "3 stars"));
        List<JsonNode> rows = run("classify", "--model", m.dir().toString(), "--all-scores");
        List<long[]> ids = ids(m.dir(), 24);
        assertEquals(24, ids.get(TEXTS.indexOf(LONG)).length, "the long text is cut at max_position_embeddings");
        for (int i = 0; i < rows.size(); i++) {
            assertSingleLabel(rows.get(i), m.labels(), TinyModels.softmax(m.expectedLogits(ids.get(i), null)), 0);
        }

        JsonNode facts = inspectJson(m.dir());
        assertEquals("onnx/model.onnx", facts.get("onnx_file").asText());
        assertEquals(List.of("input_ids int32", "attention_mask int32"), names(facts.get("inputs"),
                n -> n.get("name").asText() + " " + n.get("type").asText()));
        assertEquals(24, facts.get("max_length").asInt());
        assertEquals("config.json max_position_embeddings", facts.get("max_length_source").asText());
        assertEquals(List.of("1 star", "2 stars", "3 stars"), names(facts.get("labels"), JsonNode::asText));
        assertEquals("classification", facts.get("task").asText());
        assertEquals(32, facts.get("default_batch_size").asInt());
    }

    @Test
    void theQuantizedFileIsPreferredAndModelFileOverridesIt() throws Exception {
        Classifier m = TinyModels.batchSensitiveClassifier(tmp.resolve("tjs"),
                Options.defaults().withLayout(OnnxLayout.ONNX_DIR_BOTH));
        JsonNode facts = inspectJson(m.dir());
        assertEquals("onnx/model_quantized.onnx", facts.get("onnx_file").asText());
        assertEquals(List.of("onnx/model.onnx", "onnx/model_quantized.onnx"), names(facts.get("onnx_files"), JsonNode::asText));
        assertTrue(facts.get("batch_sensitive").asBoolean(), "the load-time probe sees the quantized graph move");
        assertEquals(1, facts.get("default_batch_size").asInt());

        List<long[]> ids = ids(m.dir(), 512);
        List<JsonNode> quantized = run("classify", "--model", m.dir().toString(), "--all-scores");
        List<JsonNode> floats = run("classify", "--model", m.dir().toString(), "--model-file", "model.onnx", "--all-scores");
        double apart = 0;
        for (int i = 0; i < ids.size(); i++) {
            float[] q = TinyModels.softmax(m.quantizedLogits(new long[][] {ids.get(i)}, null, null)[0]);
            float[] f = TinyModels.softmax(m.floatLogits(new long[][] {ids.get(i)}, null, null)[0]);
            assertSingleLabel(quantized.get(i), m.labels(), q, 0); // batch of one: batch-sensitive default
            assertSingleLabel(floats.get(i), m.labels(), f, 0);
            apart = Math.max(apart, TinyModels.maxAbsDiff(q, f));
        }
        assertTrue(apart > 5 * TOL, "the two files' scores differ by " + apart + ", so the check tells them apart");
    }

    @Test
    void multiLabelModelListsTheLabelsAboveTheThreshold() throws Exception {
        Classifier m = TinyModels.multiLabelClassifier(tmp.resolve("toxic"), Options.defaults()
                .withLabels("toxic", "insult", "threat", "obscene").withSeed(7));
        List<JsonNode> rows = run("classify", "--model", m.dir().toString(), "--all-scores");
        assertEquals(List.of("id", "text", "labels", "scores"), fieldNames(rows.get(0)));
        List<long[]> ids = ids(m.dir(), 512);
        Set<List<String>> labelSets = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            float[] s = TinyModels.sigmoid(m.expectedLogits(ids.get(i), null));
            labelSets.add(assertMultiLabel(rows.get(i), m.labels(), s, 0.5));
        }
        assertTrue(labelSets.size() > 1, "rows get different label sets: " + labelSets);
    }

    @Test
    void noId2labelGivesLabelNAndMultiLabelCanBeAskedFor() throws Exception {
        Classifier m = TinyModels.sequenceClassifier(tmp.resolve("bare"), Options.defaults()
                .withLabelMaps(false).withLabels("x", "y", "z"));
        List<long[]> ids = ids(m.dir(), 512);
        List<String> hfNames = List.of("LABEL_0", "LABEL_1", "LABEL_2");
        List<JsonNode> single = run("classify", "--model", m.dir().toString(), "--top-k", "3");
        List<JsonNode> multi = run("classify", "--model", m.dir().toString(), "--multi-label", "--threshold", "0.4",
                "--all-scores");
        for (int i = 0; i < ids.size(); i++) {
            float[] logits = m.expectedLogits(ids.get(i), null);
            assertSingleLabel(single.get(i), hfNames, TinyModels.softmax(logits), 3);
            assertMultiLabel(multi.get(i), hfNames, TinyModels.sigmoid(logits), 0.4);
        }
    }

    // ===================================================================================== embeddings

    @Test
    void tokenEmbedderFollowsEachPoolingConfigAndAnExplicitPoolingWins() throws Exception {
        for (Pooling pooling : Pooling.values()) {
            TokenEmbedder m = TinyModels.tokenEmbedder(tmp.resolve("st-" + pooling),
                    Options.defaults().withPooling(pooling).withMaxSeqLength(16));
            List<long[]> ids = ids(m.dir(), 16);
            List<JsonNode> rows = run("embed", "--model", m.dir().toString());
            for (int i = 0; i < rows.size(); i++) {
                assertVector(m.expectedEmbedding(ids.get(i), null, pooling, true), rows.get(i), pooling + " row " + i);
            }
            if (pooling == Pooling.CLS) {
                List<JsonNode> mean = run("embed", "--model", m.dir().toString(), "--pooling", "mean", "--no-normalize");
                for (int i = 0; i < mean.size(); i++) {
                    assertVector(m.expectedEmbedding(ids.get(i), null, Pooling.MEAN, false), mean.get(i), "override " + i);
                }
            }
        }
    }

    @Test
    void sentenceEmbeddingOutputIsUsedAsIs() throws Exception {
        SentenceEmbedder m = TinyModels.sentenceEmbedder(tmp.resolve("st-export"), Options.defaults());
        // The graph mean-pools; a pooling config saying cls must not make infer pool token_embeddings itself.
        Files.writeString(m.dir().resolve("1_Pooling/config.json"), "{\"pooling_mode_cls_token\": true}");
        List<long[]> ids = ids(m.dir(), 256);
        List<JsonNode> normalized = run("embed", "--model", m.dir().toString());
        List<JsonNode> raw = run("embed", "--model", m.dir().toString(), "--no-normalize");
        List<JsonNode> cls = run("embed", "--model", m.dir().toString(), "--pooling", "cls");
        for (int i = 0; i < ids.size(); i++) {
            float[] expected = m.expectedSentenceEmbedding(ids.get(i), null);
            assertVector(unit(expected), normalized.get(i), "row " + i);
            assertVector(expected, raw.get(i), "raw row " + i);
            assertVector(unit(m.expectedTokenEmbeddings(ids.get(i), null, null)[0]), cls.get(i), "cls row " + i);
        }

        SentenceEmbedder only = TinyModels.sentenceEmbedder(tmp.resolve("st-only"),
                Options.defaults().withTokenEmbeddingsOutput(false).withNormalize(true));
        List<JsonNode> rows = run("embed", "--model", only.dir().toString(), "--no-normalize");
        for (int i = 0; i < rows.size(); i++) {
            assertVector(only.expectedSentenceEmbedding(ids.get(i), null), rows.get(i), "in-graph normalized " + i);
        }
        assertUsageError(Infer.run("embed", "--in", input().toString(), "--model", only.dir().toString(),
                "--pooling", "cls"), only.dir().toString(), "--pooling cannot apply");
    }

    @Test
    void theEmbeddedModelLaidOutAsATransformersJsFolderGivesByteIdenticalVectors() throws Exception {
        // A real model: the jar's own all-MiniLM-L6-v2 int8, in the layout of the Xenova/all-MiniLM-L6-v2 repo.
        Path dir = tmp.resolve("Xenova-all-MiniLM-L6-v2");
        Files.createDirectories(dir.resolve("onnx"));
        Files.createDirectories(dir.resolve("1_Pooling"));
        copyResource("all-minilm-l6-v2-q.onnx", dir.resolve("onnx/model_quantized.onnx"));
        copyResource("all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 384,
                 "max_position_embeddings": 512, "vocab_size": 30522, "type_vocab_size": 2}""");
        Files.writeString(dir.resolve("tokenizer_config.json"), """
                {"do_lower_case": true, "model_max_length": 512, "tokenizer_class": "BertTokenizer"}""");
        Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 256, \"do_lower_case\": false}");
        Files.writeString(dir.resolve("1_Pooling/config.json"), "{\"pooling_mode_mean_tokens\": true}");

        ProcessResult folder = Infer.run("embed", "--in", "samples/docs.jsonl", "--model", dir.toString(), "-q");
        ProcessResult embedded = Infer.run("embed", "--in", "samples/docs.jsonl", "-q");
        assertEquals(0, folder.exitCode(), folder.stderr());
        assertEquals(embedded.stdout(), folder.stdout());

        JsonNode facts = inspectJson(dir);
        assertEquals("onnx/model_quantized.onnx", facts.get("onnx_file").asText());
        assertEquals(256, facts.get("max_length").asInt());
        assertTrue(facts.get("batch_sensitive").asBoolean(), "dynamically quantized: one row per call");
    }

    @Test
    void inspectExplainsWhatInferUnderstood() throws Exception {
        TokenEmbedder m = TinyModels.tokenEmbedder(tmp.resolve("minilm"),
                Options.defaults().withPooling(Pooling.MAX).withMaxSeqLength(128).withLayout(OnnxLayout.ONNX_DIR));
        ProcessResult r = Infer.run("model", "inspect", m.dir().toString());
        assertEquals(0, r.exitCode(), r.stderr());
        String out = r.stdout();
        for (String expected : List.of(
                "onnx_file:           onnx/model.onnx",
                "inputs:              input_ids int64[?, ?], attention_mask int64[?, ?], token_type_ids int64[?, ?]",
                "outputs:             last_hidden_state float32[?, ?, 8]",
                "task:                embedding",
                "pooling:             max",
                "pooling_source:      1_Pooling/config.json",
                "max_length:          128",
                "max_length_source:   sentence_bert_config.json max_seq_length",
                "tokenizer:           WordPiece, 30522 token ids, lower-cases, special tokens [PAD] [UNK] [CLS] [SEP] [MASK]",
                "files:               onnx/model.onnx ",
                "batch_sensitive:     false")) {
            assertTrue(out.contains(expected), "missing '" + expected + "' in:\n" + out);
        }
    }

    // ===================================================================================== folders that cannot serve

    @Test
    void foldersThatCannotServeAreUsageErrorsNamingTheFile() throws Exception {
        Path in = input();
        Path missing = tmp.resolve("nowhere");
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", missing.toString()),
                missing.toString(), "does not exist");

        Classifier noTokenizer = TinyModels.sequenceClassifier(tmp.resolve("no-tok"),
                Options.defaults().withWriteTokenizer(false));
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", noTokenizer.dir().toString()),
                noTokenizer.dir().toString(), "has no tokenizer.json");

        Classifier corrupt = TinyModels.sequenceClassifier(tmp.resolve("corrupt"), Options.defaults());
        byte[] garbage = new byte[4096];
        new java.util.Random(3).nextBytes(garbage);
        Files.write(corrupt.onnx(), garbage);
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", corrupt.dir().toString()),
                corrupt.onnx().toString(), "is not a model ONNX Runtime can load");

        Path noTask = noTaskModel(tmp.resolve("no-task"));
        assertUsageError(Infer.run("embed", "--in", in.toString(), "--model", noTask.toString()),
                noTask.resolve("model.onnx").toString(), "has no output infer can use (it has scores;");

        Classifier badConfig = TinyModels.sequenceClassifier(tmp.resolve("bad-config"), Options.defaults());
        Files.writeString(badConfig.dir().resolve("config.json"), "{\"id2label\": {\"0\": \"NEGATIVE\",, }");
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", badConfig.dir().toString()),
                badConfig.dir().resolve("config.json").toString(), "is not valid JSON at line 1");
    }

    @Test
    void aTokenizerThatDoesNotBelongToTheModelIsCaughtAtLoadTime() throws Exception {
        Path in = input();
        Classifier m = TinyModels.vocabMismatchClassifier(tmp.resolve("mismatch"), Options.defaults());
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", m.dir().toString()),
                m.dir().resolve("config.json").toString(), "tokenizer.json has 30522 token ids");

        // Without vocab_size in config.json, one run with the largest token id catches it.
        ObjectMapper json = new ObjectMapper();
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(m.dir().resolve("config.json").toFile());
        config.remove("vocab_size");
        json.writeValue(m.dir().resolve("config.json").toFile(), config);
        assertUsageError(Infer.run("model", "inspect", m.dir().toString()),
                m.onnx().toString(), "cannot look up token id 30521 of " + m.dir().resolve("tokenizer.json"));
    }

    @Test
    void flagsThatDoNotFitTheModelAreUsageErrors() throws Exception {
        Path in = input();
        Classifier classifier = TinyModels.sequenceClassifier(tmp.resolve("clf"), Options.defaults());
        String dir = classifier.dir().toString();
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", dir, "--labels", "billing,bug"),
                dir, "--labels is for zero-shot classification with an embedding model");
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", dir, "--template", "About {}."),
                dir, "--template is for zero-shot classification");
        assertUsageError(Infer.run("embed", "--in", in.toString(), "--model", dir),
                dir, "cannot make embeddings");

        TokenEmbedder embedder = TinyModels.tokenEmbedder(tmp.resolve("emb"), Options.defaults());
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--model", embedder.dir().toString(),
                "--multi-label"), embedder.dir().toString(), "--multi-label is for fine-tuned classifiers");
    }

    // ===================================================================================== helpers

    private Path input() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        if (Files.notExists(in)) {
            Files.writeString(in, Corpus.jsonl(TEXTS));
        }
        return in;
    }

    /** Runs infer on {@link #TEXTS} (JSONL), expects success, and returns the rows. */
    private List<JsonNode> run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--in", input().toString(), "-q"));
        ProcessResult r = Infer.run(all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> rows = Json.rows(r.stdout());
        assertEquals(TEXTS.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).get("id").asInt(), "row order");
        }
        return rows;
    }

    private JsonNode inspectJson(Path dir) throws Exception {
        ProcessResult r = Infer.run("model", "inspect", dir.toString(), "--json");
        assertEquals(0, r.exitCode(), r.stderr());
        return new ObjectMapper().readTree(r.stdout());
    }

    /** Token ids the way Transformers would make them for this folder. */
    private static List<long[]> ids(Path dir, int maxLength) throws Exception {
        try (HuggingFaceTokenizer t = TinyModels.referenceTokenizer(dir.resolve("tokenizer.json"), maxLength)) {
            List<long[]> out = new ArrayList<>();
            for (String text : TEXTS) {
                out.add(t.encode(text).getIds());
            }
            return out;
        }
    }

    private static void assertSingleLabel(JsonNode row, List<String> labels, float[] p, int topK) {
        int best = TinyModels.argmax(p);
        String what = row.get("text").asText();
        assertEquals(labels.get(best), row.get("label").asText(), what);
        assertEquals(p[best], row.get("score").asDouble(), TOL, what);
        if (row.has("scores")) {
            JsonNode scores = row.get("scores");
            assertEquals(labels, fieldNames(scores), "every label, in label order");
            for (int j = 0; j < labels.size(); j++) {
                assertEquals(p[j], scores.get(labels.get(j)).asDouble(), TOL, what);
            }
        }
        if (topK > 0) {
            assertTopK(row.get("top_k"), labels, p, topK, what);
        }
    }

    /** Checks {@code labels} (above the threshold, best first) and {@code scores}; returns the label names. */
    private static List<String> assertMultiLabel(JsonNode row, List<String> labels, float[] s, double threshold) {
        String what = row.get("text").asText();
        List<Integer> expected = new ArrayList<>();
        for (int j = 0; j < s.length; j++) {
            if (s[j] > threshold) {
                expected.add(j);
            }
        }
        expected.sort(Comparator.comparingDouble((Integer j) -> s[j]).reversed());
        JsonNode got = row.get("labels");
        assertEquals(expected.stream().map(labels::get).toList(), names(got, n -> n.get("label").asText()), what);
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(s[expected.get(k)], got.get(k).get("score").asDouble(), TOL, what);
        }
        JsonNode scores = row.get("scores");
        for (int j = 0; j < labels.size(); j++) {
            assertEquals(s[j], scores.get(labels.get(j)).asDouble(), TOL, what);
        }
        return expected.stream().map(labels::get).toList();
    }

    private static void assertTopK(JsonNode top, List<String> labels, float[] p, int k, String what) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < p.length; j++) {
            order.add(j);
        }
        order.sort(Comparator.comparingDouble((Integer j) -> p[j]).reversed());
        assertEquals(Math.min(k, labels.size()), top.size(), what);
        for (int r = 0; r < top.size(); r++) {
            assertEquals(labels.get(order.get(r)), top.get(r).get("label").asText(), what);
            assertEquals(p[order.get(r)], top.get(r).get("score").asDouble(), TOL, what);
        }
    }

    private static void assertVector(float[] expected, JsonNode row, String what) {
        float[] got = Json.vector(row, "embedding");
        assertEquals(expected.length, got.length, what);
        double diff = TinyModels.maxAbsDiff(expected, got);
        assertTrue(diff <= TOL, what + ": max |diff| " + diff);
    }

    private static float[] unit(float[] v) {
        double n = Json.norm(v);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> names(JsonNode array, Function<JsonNode, String> name) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(name.apply(n)));
        return out;
    }

    /** One line on stderr, exit 2, naming the file and saying what is wrong. */
    private static void assertUsageError(ProcessResult r, String file, String what) {
        CliIT.assertUsageError(r, file);
        assertTrue(r.stderr().contains(what), r.stderr());
        assertEquals(1, r.stderr().lines().count(), "one line: " + r.stderr());
    }

    private static void copyResource(String name, Path target) throws Exception {
        try (var in = ModelFolderIT.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
    }

    /** A real ONNX model with BERT's inputs whose only output, 'scores', fits no task. */
    private static Path noTaskModel(Path dir) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("no_task");
        g.input("input_ids", OnnxGraphBuilder.INT64, TinyModels.BATCH, TinyModels.SEQ);
        g.input("attention_mask", OnnxGraphBuilder.INT64, TinyModels.BATCH, TinyModels.SEQ);
        g.opNamed("Cast", "scores", OnnxGraphBuilder.attrs(OnnxGraphBuilder.Attr.i("to", OnnxGraphBuilder.FLOAT)),
                "input_ids");
        g.output("scores", OnnxGraphBuilder.FLOAT, TinyModels.BATCH, TinyModels.SEQ);
        g.write(dir.resolve("model.onnx"));
        TinyModels.copyTokenizer(dir);
        return dir;
    }
}
