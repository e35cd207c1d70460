package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infer.testing.CrossEncoderReference;
import dev.infer.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** TEI's {@code POST /rerank} on a tiny real two-label cross-encoder, scores checked against Transformers.js. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeRerankIT {
    private static final String QUERY = "how do I reset my password?";
    private static final List<String> TEXTS = List.of("Open Settings, choose Account, then Reset password.",
            "The fryer works great.", "🙂", "Passwords expire every 90 days. ".repeat(30), "ok");

    @TempDir
    static Path dir;
    private Path model;
    private Served server;

    @BeforeAll
    void start() throws Exception {
        model = TinyModels.sequenceClassifier(dir.resolve("cross-encoder"), TinyModels.Options.defaults()
                .withLayout(TinyModels.OnnxLayout.ONNX_DIR).withModelMaxLength(64).withMaxPositionEmbeddings(64)
                .withLabels("not_relevant", "relevant")).dir();
        server = Served.start(false, "--model", model.toString(), "--max-client-batch-size", "8");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersTeisShapeBestFirstWithTransformersJsScores() throws Exception {
        List<String[]> pairs = new ArrayList<>();
        TEXTS.forEach(t -> pairs.add(new String[] {QUERY, t}));
        List<CrossEncoderReference.Answer> expected = CrossEncoderReference.score(model, pairs);
        for (boolean raw : new boolean[] {false, true}) {
            Served.Reply reply = server.post("/rerank", Served.JSON.writeValueAsString(Map.of("query", QUERY,
                    "texts", TEXTS, "return_text", true, "raw_scores", raw)));
            assertEquals(200, reply.status(), reply.body());
            JsonNode ranks = reply.json();
            assertEquals(TEXTS.size(), ranks.size());
            double previous = Double.POSITIVE_INFINITY;
            for (JsonNode rank : ranks) {
                int i = rank.get("index").asInt();
                assertEquals(TEXTS.get(i), rank.get("text").asText());
                CrossEncoderReference.Answer a = expected.get(i);
                double want = raw ? a.logits()[1] : a.score();
                assertEquals(want, rank.get("score").asDouble(), 1e-5, "text " + i + " raw " + raw);
                assertTrue(rank.get("score").asDouble() <= previous, "best first: " + ranks);
                previous = rank.get("score").asDouble();
            }
        }
        JsonNode plain = server.post("/rerank", Served.JSON.writeValueAsString(Map.of("query", QUERY,
                "texts", List.of("a")))).json();
        assertEquals(List.of("index", "score"), Served.JSON.convertValue(plain.get(0), Map.class).keySet().stream().toList());
    }

    @Test
    void refusesWhatTeiRefuses() throws Exception {
        assertEquals(422, server.post("/rerank", "{\"texts\": [\"a\"]}").status());
        assertEquals(413, server.post("/rerank", Served.JSON.writeValueAsString(Map.of("query", QUERY,
                "texts", java.util.Collections.nCopies(9, "a")))).status());
        assertEquals(405, server.get("/rerank").status());
    }
}
