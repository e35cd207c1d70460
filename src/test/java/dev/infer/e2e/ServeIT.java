package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code infer serve} on the real jar over loopback: routes, parity with the CLI, limits, health under load. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeIT {
    private static final String[] PHRASES = {
        "Absolutely love this kettle.", "Stopped working after two days.", "The sound is rich and the battery lasts.",
        "The left ear cup rattles.", "Complete waste of money.", "Arrived on time, works as described.",
        "Customer support never answered my emails.", "Best purchase this year, highly recommended.",
        "The box was damaged but the product is fine.", "Too small for my hands, returning it.",
        "Quiet, fast and easy to clean.", "It smells like burnt plastic every time I use it."};

    @TempDir Path tmp;
    private Served server;

    @BeforeAll
    void start() throws Exception {
        server = Served.start(false, "--threads", "2", "--max-queued-inputs", "64", "--max-batch-inputs", "50",
                "--payload-limit", "20000");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<String> texts(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("Review " + i + ": " + PHRASES[i % PHRASES.length] + " " + PHRASES[(i * 7 + 3) % PHRASES.length]);
        }
        return out;
    }

    @Test
    void everyRouteAnswersInItsShape() throws Exception {
        assertEquals("{\"status\":\"ok\"}", server.get("/health").body());
        assertEquals(200, server.get("/ready").status());
        JsonNode info = server.get("/info").json();
        assertEquals(384, info.get("dimension").asInt());
        assertEquals("[\"positive\",\"negative\"]", info.get("labels").toString());
        assertEquals(256, info.get("max_input_length").asInt());
        assertEquals(50, info.get("max_client_batch_size").asInt());

        JsonNode one = server.post("/embed", "{\"inputs\": \"great kettle\"}").json();
        assertEquals(1, one.size());
        assertEquals(384, one.get(0).size());
        double norm = 0;
        for (JsonNode v : one.get(0)) {
            norm += v.asDouble() * v.asDouble();
        }
        assertEquals(1.0, norm, 1e-4);
        JsonNode raw = server.post("/embed", "{\"inputs\": [\"great kettle\"], \"normalize\": false}").json();
        double rawNorm = 0;
        for (JsonNode v : raw.get(0)) {
            rawNorm += v.asDouble() * v.asDouble();
        }
        assertTrue(Math.abs(rawNorm - 1.0) > 1e-3, "normalize=false left the vector at unit length");

        JsonNode predict = server.post("/predict", "{\"inputs\": \"I love it\"}").json();
        assertEquals(2, predict.size());
        assertTrue(predict.get(0).get("score").asDouble() >= predict.get(1).get("score").asDouble(), "best first");
        assertEquals(2, server.post("/predict", "{\"inputs\": [\"a\", \"b\"]}").json().size());

        JsonNode tokens = server.post("/tokenize", "{\"inputs\": [\"hello world\"]}").json();
        assertEquals(4, tokens.get(0).get("tokens").asInt()); // [CLS] hello world [SEP]
        assertEquals(false, tokens.get(0).get("truncated").asBoolean());

        JsonNode openAi = server.post("/v1/embeddings", "{\"input\": [\"hello world\", \"bye\"]}").json();
        assertEquals("list", openAi.get("object").asText());
        assertEquals(2, openAi.get("data").size());
        assertEquals("embedding", openAi.get("data").get(1).get("object").asText());
        assertEquals(1, openAi.get("data").get(1).get("index").asInt());
        assertEquals(384, openAi.get("data").get(0).get("embedding").size());
        assertEquals(7, openAi.get("usage").get("prompt_tokens").asInt()); // 4 + 3
        assertEquals("minilm", openAi.get("model").asText()); // serve loads the embed default
    }

    @Test
    void answersAreBitIdenticalToTheCli() throws Exception {
        List<String> texts = texts(200);
        StringBuilder jsonl = new StringBuilder();
        for (String t : texts) {
            jsonl.append(Served.JSON.writeValueAsString(java.util.Map.of("text", t))).append('\n');
        }
        Path in = Infer.write(tmp, "texts.jsonl", jsonl.toString());
        ProcessResult embed = Infer.run("embed", "--in", in.toString(), "--quiet");
        assertEquals(0, embed.exitCode(), embed.stderr());
        ProcessResult classify = Infer.run("classify", "--in", in.toString(), "--model", "minilm", "--quiet");
        assertEquals(0, classify.exitCode(), classify.stderr());
        List<String> cliVectors = embed.lines();
        List<String> cliLabels = classify.lines();
        assertEquals(200, cliVectors.size());
        for (int start = 0; start < 200; start += 50) {
            List<String> chunk = texts.subList(start, start + 50);
            JsonNode vectors = server.post("/embed", Served.inputs(chunk)).json();
            JsonNode predictions = server.post("/predict", Served.inputs(chunk)).json();
            for (int i = 0; i < 50; i++) {
                float[] cli = floats(Served.JSON.readTree(cliVectors.get(start + i)).get("embedding"));
                float[] served = floats(vectors.get(i));
                assertTrue(Arrays.equals(cli, served), "text " + (start + i) + " differs from infer embed");
                JsonNode row = Served.JSON.readTree(cliLabels.get(start + i));
                assertEquals(row.get("label").asText(), predictions.get(i).get(0).get("label").asText());
                assertEquals(row.get("score").asDouble(), predictions.get(i).get(0).get("score").asDouble());
            }
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void badRequestsGetTheirStatusAndAnErrorBody() throws Exception {
        assertError(server.post("/embed", "{\"inputs\": []}"), 400, "Validation");
        assertError(server.post("/embed", ""), 400, "Validation");
        assertError(server.post("/embed", "{\"inputs\": [1, 2]}"), 422, "Validation");
        assertError(server.post("/embed", "{\"inputs\": "), 422, "Validation");
        assertError(server.post("/embed", "{\"text\": \"x\"}"), 422, "Validation");
        assertError(server.post("/embed", "{\"inputs\": \"x\", \"normalize\": \"yes\"}"), 422, "Validation");
        assertError(server.post("/embed", Served.inputs(texts(51))), 413, "Validation");
        assertError(server.post("/embed", "{\"inputs\": \"" + "x".repeat(20_001) + "\"}"), 413, "Validation");
        assertError(server.get("/nope"), 404, "NotFound");
    }

    private static void assertError(Served.Reply r, int status, String type) throws Exception {
        assertEquals(status, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals(type, body.get("error_type").asText(), r.body());
        assertTrue(body.get("error").asText().length() > 10, r.body());
    }

    @Test
    void metricsParseAndCountersGrow() throws Exception {
        double before = server.metric("infer_http_requests_total{route=\"/tokenize\",status=\"200\"}");
        server.post("/tokenize", "{\"inputs\": \"count me\"}");
        String text = server.get("/metrics").body();
        for (String line : text.lines().toList()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                Double.parseDouble(value); // every sample line ends in a number
                assertTrue(line.startsWith("infer_"), line);
            }
        }
        assertTrue(text.contains("# TYPE infer_queue_duration_seconds histogram"), text);
        assertTrue(text.contains("infer_inference_duration_seconds_count"), text);
        assertEquals(before + 1, server.metric("infer_http_requests_total{route=\"/tokenize\",status=\"200\"}"));
    }
}
