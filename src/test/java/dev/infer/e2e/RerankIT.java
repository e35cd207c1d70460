package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infer.testing.CrossEncoderReference;
import dev.infer.testing.ProcessResult;
import dev.infer.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code infer rerank} through the real jar on a tiny real cross-encoder: every row kept in order, an empty passage
 * a failed row, scores equal to Transformers.js's, and {@code --cache} keeping one query's scores from another's.
 */
class RerankIT {
    private static final List<String> PASSAGES = List.of("Open Settings, choose Account, then Reset password.",
            "The fryer works great, really.", "🙂🙂", "", "Passwords expire every 90 days. ".repeat(30), "ok");

    @TempDir
    static Path dir;
    static Path model;
    static Path passages;

    @BeforeAll
    static void setUp() throws Exception {
        model = TinyModels.sequenceClassifier(dir.resolve("cross-encoder"), TinyModels.Options.defaults()
                .withLayout(TinyModels.OnnxLayout.ONNX_DIR).withModelMaxLength(64).withMaxPositionEmbeddings(64)
                .withLabels("LABEL_0")).dir();
        StringBuilder csv = new StringBuilder("id,text\n");
        for (int i = 0; i < PASSAGES.size(); i++) {
            csv.append(i).append(",\"").append(PASSAGES.get(i).replace("\"", "\"\"")).append("\"\n");
        }
        passages = Infer.write(dir, "passages.csv", csv.toString());
    }

    @Test
    void scoresEveryRowInOrderAsTransformersJsDoes() throws Exception {
        String query = "how do I reset my password?";
        List<JsonNode> rows = rerank(query, null);
        List<Double> expected = reference(query);
        for (int i = 0; i < PASSAGES.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals(String.valueOf(i), row.get("id").asText());
            if (PASSAGES.get(i).isEmpty()) {
                assertTrue(row.get("error").asText().contains("passage is empty"), row.toString());
            } else {
                assertFalse(row.has("error"), row.toString());
                assertEquals(expected.get(i), row.get("score").asDouble(), 1e-5, "row " + i);
            }
        }
    }

    @Test
    void theCacheKeepsOneQuerysScoresFromAnothers() throws Exception {
        Path cache = dir.resolve("scores.db");
        List<JsonNode> first = rerank("which passage is about passwords?", cache);
        List<JsonNode> other = rerank("which passage is about fryers?", cache);
        List<Double> expected = reference("which passage is about fryers?");
        for (int i = 0; i < PASSAGES.size(); i++) {
            if (!PASSAGES.get(i).isEmpty()) {
                assertEquals(expected.get(i), other.get(i).get("score").asDouble(), 1e-5, "row " + i);
                assertTrue(first.get(i).get("score").asDouble() != other.get(i).get("score").asDouble(), "row " + i);
            }
        }
        assertEquals(first, rerank("which passage is about passwords?", cache), "a cached run answers the same");
    }

    @Test
    void aMissingQueryOrAnEmbeddingModelIsOneSentence() throws Exception {
        ProcessResult none = Infer.run("rerank", "--model", model.toString(), "--in", passages.toString(), "-q");
        assertEquals(2, none.exitCode(), none.stderr());
        assertTrue(none.stderr().contains("--query is required"), none.stderr());
        ProcessResult embedding = Infer.run("rerank", "--query", "q", "--in", passages.toString(), "-q");
        assertTrue(embedding.exitCode() != 0 && embedding.stderr().contains("rerank needs a cross-encoder")
                && !embedding.stderr().contains("\tat "), embedding.stderr());
    }

    private static List<JsonNode> rerank(String query, Path cache) throws Exception {
        List<String> args = new ArrayList<>(List.of("rerank", "--model", model.toString(), "--query", query,
                "--in", passages.toString(), "--out-format", "jsonl", "-q"));
        if (cache != null) {
            args.addAll(List.of("--cache", cache.toString()));
        }
        ProcessResult r = Infer.run(args.toArray(String[]::new));
        assertEquals(3, r.exitCode(), "one row fails (the empty passage): " + r.stderr());
        List<JsonNode> rows = new ArrayList<>();
        for (String line : r.lines()) {
            rows.add(Json.MAPPER.readTree(line));
        }
        assertEquals(PASSAGES.size(), rows.size(), r.stdout());
        return rows;
    }

    private static List<Double> reference(String query) throws Exception {
        List<String[]> pairs = new ArrayList<>();
        for (String p : PASSAGES) {
            pairs.add(new String[] {query, p.isEmpty() ? "-" : p});
        }
        return CrossEncoderReference.score(model, pairs).stream().map(CrossEncoderReference.Answer::score).toList();
    }
}
