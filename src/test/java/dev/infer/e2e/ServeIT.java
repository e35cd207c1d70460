package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
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
        server = Served.start(false, "--threads", "2", "--max-queued-inputs", "64", "--max-client-batch-size", "50",
                "--payload-limit", "20000", "--cors-allow-origin", "http://allowed.example");
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
        JsonNode classify = server.post("/classify", "{\"inputs\": \"I love it\"}").json();
        assertEquals(List.of("label", "score"), Served.JSON.convertValue(classify, java.util.Map.class).keySet().stream().toList());
        assertEquals(2, predict.size());
        assertTrue(predict.get(0).get("score").asDouble() >= predict.get(1).get("score").asDouble(), "best first");
        assertEquals(2, server.post("/predict", "{\"inputs\": [\"a\", \"b\"]}").json().size());

        JsonNode tokens = server.post("/tokenize", "{\"inputs\": [\"hello wörld\"]}").json();
        assertEquals(4, tokens.get(0).size()); // [CLS] hello world [SEP], as TEI lists them
        assertEquals("{\"id\":101,\"text\":\"[CLS]\",\"special\":true,\"start\":null,\"stop\":null}",
                tokens.get(0).get(0).toString());
        assertEquals("{\"id\":2088,\"text\":\"wörld\",\"special\":false,\"start\":6,\"stop\":12}",
                tokens.get(0).get(2).toString()); // UTF-8 byte offsets, as TEI
        assertEquals("[\"hello world\"]", server.post("/decode", "{\"ids\": [101, 7592, 2088, 102]}").body());

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
            // TEI's batch form: a list of one-text lists (a flat list of two would be a pair)
            JsonNode predictions = server.post("/predict", Served.JSON.writeValueAsString(java.util.Map.of("inputs",
                    chunk.stream().map(List::of).toList()))).json();
            // the registry's generic route answers the CLI's own fields
            JsonNode classified = server.post("/classify", Served.inputs(chunk)).json();
            for (int i = 0; i < 50; i++) {
                float[] cli = floats(Served.JSON.readTree(cliVectors.get(start + i)).get("embedding"));
                float[] served = floats(vectors.get(i));
                assertTrue(Arrays.equals(cli, served), "text " + (start + i) + " differs from infer embed");
                JsonNode row = Served.JSON.readTree(cliLabels.get(start + i));
                assertEquals(row.get("label").asText(), predictions.get(i).get(0).get("label").asText());
                assertEquals(row.get("score").asDouble(), predictions.get(i).get(0).get("score").asDouble());
                assertEquals(row.get("label"), classified.get(i).get("label"), "POST /classify, text " + (start + i));
                assertEquals(row.get("score"), classified.get(i).get("score"), "POST /classify, text " + (start + i));
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
        assertError(server.post("/embed", "{\"inputs\": []}"), 400, "Empty");
        assertError(server.post("/embed", ""), 400, "Validation");
        assertError(server.post("/embed", "{\"inputs\": [1, 2]}"), 422, "Validation");
        assertError(server.post("/embed", "{\"inputs\": "), 422, "Validation");
        assertError(server.post("/embed", "{\"text\": \"x\"}"), 422, "Validation");
        assertError(server.post("/embed", "{\"inputs\": \"x\", \"normalize\": \"yes\"}"), 422, "Validation");
        assertError(server.post("/embed", Served.inputs(texts(51))), 413, "Validation");
        assertError(server.post("/embed", "{\"inputs\": \"" + "x".repeat(20_001) + "\"}"), 413, "Validation");
        assertError(server.get("/nope"), 404, "NotFound");
    }

    /** The request fields clients send that used to be ignored with a 200: each now changes the answer as asked. */
    @Test
    void requestFieldsAreHonoured() throws Exception {
        float[] full = floats(server.post("/embed", "{\"inputs\": \"great kettle\"}").json().get(0));
        // dimensions: the first N, re-normalized (infer embed --dimensions gives the same)
        JsonNode cut = server.post("/embed", "{\"inputs\": \"great kettle\", \"dimensions\": 128}").json().get(0);
        assertEquals(128, cut.size());
        float[] expected = dev.infer.model.VectorMath.firstDimensions(full, 128, true);
        assertTrue(Arrays.equals(expected, floats(cut)), "dimensions is not the first 128, re-normalized");
        JsonNode openAi = server.post("/v1/embeddings", "{\"input\": \"great kettle\", \"dimensions\": 128,"
                + " \"model\": \"any\"}").json();
        assertTrue(Arrays.equals(expected, floats(openAi.get("data").get(0).get("embedding"))));
        for (String bad : List.of("0", "385", "1.5", "\"8\"")) {
            Served.Reply r = server.post("/v1/embeddings", "{\"input\": \"x\", \"dimensions\": " + bad + "}");
            assertEquals(422, r.status(), bad);
            assertTrue(r.json().get("error").get("message").asText().contains("from 1 to 384"), r.body());
        }
        // encoding_format: base64 is the little-endian float32 bytes (the real clients decode it in ClientsIT)
        JsonNode b64 = server.post("/v1/embeddings", "{\"input\": [\"great kettle\"], \"encoding_format\":"
                + " \"base64\"}").json();
        assertTrue(b64.get("data").get(0).get("embedding").isTextual(), b64.toString());
        assertEquals(422, server.post("/v1/embeddings", "{\"input\": \"x\", \"encoding_format\": \"hex\"}").status());
        // /predict forms as TEI: single, batch, pair (not a pair model); top_k; raw_scores
        assertEquals(2, server.post("/predict", "{\"inputs\": \"I love it\"}").json().size());
        JsonNode batch = server.post("/predict", "{\"inputs\": [[\"I love it\"], [\"awful\"]], \"top_k\": 1}").json();
        assertEquals(2, batch.size());
        assertEquals(1, batch.get(0).size());
        JsonNode oneInList = server.post("/predict", "{\"inputs\": [\"I love it\"]}").json(); // TEI: one text
        assertEquals(2, oneInList.size());
        assertTrue(oneInList.get(0).has("label"), oneInList.toString());
        Served.Reply pair = server.post("/predict", "{\"inputs\": [\"I love it\", \"do you?\"]}");
        assertEquals(422, pair.status(), pair.body());
        assertTrue(pair.json().get("error").asText().contains("not a pair model"), pair.body());
        JsonNode raw = server.post("/predict", "{\"inputs\": \"I love it\", \"raw_scores\": true}").json();
        double sum = raw.get(0).get("score").asDouble() + raw.get(1).get("score").asDouble();
        assertTrue(Math.abs(sum - 1) > 1e-3, "raw_scores still sums to 1: " + raw);
        // candidate_labels: the request's labels, scored as infer classify --labels scores them
        Path in = Infer.write(tmp, "one.jsonl", "{\"text\": \"I love it\"}\n");
        ProcessResult cli = Infer.run("classify", "--in", in.toString(), "--model", "minilm", "--labels",
                "sports,cooking,love", "--quiet");
        assertEquals(0, cli.exitCode(), cli.stderr());
        JsonNode row = Served.JSON.readTree(cli.lines().get(0));
        for (String route : List.of("/", "/predict")) {
            JsonNode z = server.post(route, "{\"inputs\": \"I love it\", \"parameters\": {\"candidate_labels\":"
                    + " [\"sports\", \"cooking\", \"love\"]}}").json();
            assertEquals(row.get("label").asText(), z.get("labels").get(0).asText(), z.toString());
            assertEquals(row.get("score").asDouble(), z.get("scores").get(0).asDouble(), z.toString());
        }
        // similarity: cosine of the /embed vectors
        JsonNode sim = server.post("/similarity", "{\"inputs\": {\"source_sentence\": \"great kettle\","
                + " \"sentences\": [\"great kettle\", \"a truck\"]}}").json();
        assertEquals(1.0, sim.get(0).asDouble(), 1e-5);
        assertTrue(sim.get(1).asDouble() < 0.9, sim.toString());
    }

    /** Strict input: every malformed body is refused with its status and one sentence naming what is wrong. */
    @Test
    void strictInputIsRefusedInOneSentence() throws Exception {
        assertMessage(server.post("/embed", "{\"inputs\": \"a\", \"x\": [{}, {}]}"), 422, "unknown field 'x'");
        assertMessage(server.post("/embed", "{\"inputs\": \"a\", \"inputs\": \"b\"}"), 422, "twice");
        assertMessage(server.post("/embed", "{\"inputs\": \"a\"} {}"), 422, "after its JSON object");
        assertMessage(server.post("/embed", "{\"inputs\": [\"a\", \"\"]}"), 422, "input 1 is an empty string");
        assertMessage(server.post("/embed", "{\"inputs\": [\"a\", \"b\\ud800\"]}"), 422, "input 1 holds a lone surrogate");
        assertMessage(server.post("/embed", "{\"inputs\": \"a\", \"prompt_name\": \"query\"}"), 422, "unknown");
        assertMessage(server.post("/embed", "{\"inputs\": \"a\", \"truncation_direction\": \"left\"}"), 422, "right");
        byte[] badUtf8 = "{\"inputs\": [\"ok\", \"ok\", \"a#\"]}".getBytes(StandardCharsets.US_ASCII);
        badUtf8[badUtf8.length - 4] = (byte) 0xFF; // the '#': a byte UTF-8 never has, in input 2
        assertMessage(server.postBytes("/embed", badUtf8, "application/json"), 422, "input 2 is not valid UTF-8");
        assertMessage(server.postBytes("/embed", "{\"inputs\": \"a\"}".getBytes(StandardCharsets.UTF_8),
                "text/plain"), 415, "Content-Type: application/json");
        Served.Reply post = server.postBytes("/health", new byte[0], "application/json");
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.raw().headers().firstValue("Allow").orElse(null));
        assertEquals(405, server.get("/embed").status());
        assertEquals("POST", server.get("/embed").raw().headers().firstValue("Allow").orElse(null));
        // OpenAI's nested error object on /v1/*
        JsonNode openAi = server.post("/v1/embeddings", "{\"input\": \"a\", \"x\": 1}").json();
        assertEquals("invalid_request_error", openAi.get("error").get("type").asText(), openAi.toString());
        assertTrue(openAi.get("error").get("message").asText().contains("unknown field 'x'"), openAi.toString());
        // routes of other kinds of model name what would serve them; never 404
        assertMessage(server.post("/rerank", "{\"query\": \"a\", \"texts\": [\"b\"]}"), 424, "re-ranker");
        assertMessage(server.post("/embed_sparse", "{\"inputs\": \"a\"}"), 424, "SPLADE");
        // Jetty's own refusals in TEI's shape, not HTML
        assertMessage(server.get("/" + "a".repeat(20_000)), 414, "too long");
        assertEquals(431, raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n").status());
        assertEquals("Validation", raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9_000)
                + "\r\n\r\n").json().get("error_type").asText());
        assertMessage(raw("GET /health HTTP/7.0\r\nHost: x\r\n\r\n"), 505, "HTTP version");
        assertMessage(raw("GARBAGE\r\n\r\n"), 400, "not valid HTTP");
        JsonNode models = server.get("/v1/models").json();
        assertEquals("minilm", models.get("data").get(0).get("id").asText());
        assertEquals("model", server.get("/v1/models/minilm").json().get("object").asText());
    }

    /** Only pages from --cors-allow-origin's origins get CORS headers; a preflight is answered 204. */
    @Test
    void corsFollowsTheAllowedOrigins() throws Exception {
        java.net.http.HttpResponse<String> allowed = server.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port + "/health")).header("Origin",
                "http://allowed.example").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("http://allowed.example", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        java.net.http.HttpResponse<String> other = server.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port + "/health")).header("Origin",
                "http://other.example").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        java.net.http.HttpResponse<String> preflight = server.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port + "/embed")).header("Origin",
                "http://allowed.example").method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals("GET, POST", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
    }

    /** One request written as raw bytes (what no HTTP client would send), its answer read to the end. */
    private Served.Reply raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.setSoTimeout(60_000); // a safety net only: the answer's Content-Length ends the read
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(head);
            byte[] body = new byte[length.find() ? Integer.parseInt(length.group(1)) : 0];
            in.readFully(body);
            return new Served.Reply(Integer.parseInt(head.substring(9, 12)), new String(body, StandardCharsets.UTF_8),
                    null);
        }
    }

    private static void assertMessage(Served.Reply r, int status, String part) throws Exception {
        assertEquals(status, r.status(), r.body());
        JsonNode error = r.json().get("error");
        String message = error.isObject() ? error.get("message").asText() : error.asText();
        assertTrue(message.contains(part), r.body());
        assertTrue(!message.contains("Jackson") && !message.contains("Source:"), r.body());
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
