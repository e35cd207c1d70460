package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infer.testing.ProcessResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified client libraries from npm against {@code infer serve}: the {@code openai} SDK before 7.11 (base64 by
 * default, decoded as base64 whatever comes back) and the newest, LangChain's {@code OpenAIEmbeddings} (512 inputs
 * a request), and {@code @huggingface/inference}. Every vector they decode is compared with {@code infer embed}
 * on the same text; their own decoders read the wire, never ours.
 *
 * <p>The pinned packages ({@code src/test/node/clients/package-lock.json}) are installed by this test with
 * {@code npm ci} into {@code target/node-clients}, once per lock file; loopback only at run time.
 */
class ClientsIT {
    private static final Path SOURCE = Path.of("src/test/node/clients");
    private static final Path INSTALL = Path.of("target/node-clients");
    private static final double SAME = 0.99999;

    @TempDir Path tmp;

    @Test
    void realClientsGetTheCliVectors() throws Exception {
        install();
        List<String> texts = ServeIT.texts(100);
        Path textsFile = tmp.resolve("texts.json");
        Files.writeString(textsFile, Served.JSON.writeValueAsString(texts));
        JsonNode out;
        try (Served s = Served.start(false, "--threads", "2")) {
            ProcessResult node = ProcessResult.await(new ProcessBuilder("node", INSTALL.resolve("clients.mjs").toString(),
                    "http://127.0.0.1:" + s.port, textsFile.toString()).start(), 300, "node clients.mjs");
            assertEquals(0, node.exitCode(), node.stderr());
            out = Served.JSON.readTree(node.stdout());
        }
        List<float[]> cli = cliVectors(texts);
        List<float[]> cli128 = cliVectors(texts.subList(0, 8), "--dimensions", "128");

        for (String call : List.of("openai_old_default", "openai_default", "openai_float")) {
            assertVectors(call, out.get(call), cli.subList(0, 8));
        }
        assertVectors("openai_dimensions_128", out.get("openai_dimensions_128"), cli128);
        assertVectors("langchain_documents", out.get("langchain_documents"), cli);
        assertVectors("langchain_query", out.get("langchain_query"), cli.subList(0, 1));
        assertVectors("langchain_dimensions_128", out.get("langchain_dimensions_128"), cli128.subList(0, 1));
        assertVectors("hf_feature_extraction_base", out.get("hf_feature_extraction_base"), cli.subList(0, 1));
        assertVectors("hf_feature_extraction_embed", out.get("hf_feature_extraction_embed"), cli.subList(0, 4));

        // classification: the CLI's labels and scores, in the shapes the client reads
        JsonNode classify = cliRows(texts.subList(0, 1), "classify", "--model", "minilm").get(0);
        JsonNode best = out.get("hf_text_classification").get(0);
        assertEquals(classify.get("label").asText(), best.get("label").asText());
        assertEquals(classify.get("score").asDouble(), best.get("score").asDouble(), 1e-6);
        JsonNode zeroShot = cliRows(texts.subList(0, 1), "classify", "--model", "minilm", "--labels",
                "sports,cooking,love").get(0);
        for (String call : List.of("hf_zero_shot_base", "hf_zero_shot_predict")) {
            JsonNode top = out.get(call).get(0);
            assertEquals(zeroShot.get("label").asText(), top.get("label").asText(), call);
            assertEquals(zeroShot.get("score").asDouble(), top.get("score").asDouble(), 1e-6, call);
            assertEquals(3, out.get(call).size(), call);
        }
    }

    private static void assertVectors(String call, JsonNode got, List<float[]> expected) {
        assertEquals(expected.size(), got.size(), call);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode v = got.get(i);
            assertEquals(expected.get(i).length, v.size(), call + " vector " + i);
            double dot = 0;
            double a = 0;
            double b = 0;
            for (int d = 0; d < v.size(); d++) {
                double x = v.get(d).asDouble();
                double y = expected.get(i)[d];
                dot += x * y;
                a += x * x;
                b += y * y;
            }
            double cosine = dot / Math.sqrt(a * b);
            assertTrue(cosine >= SAME, call + " vector " + i + ": cosine " + cosine + " with infer embed");
        }
    }

    private List<float[]> cliVectors(List<String> texts, String... flags) throws Exception {
        List<float[]> out = new java.util.ArrayList<>();
        for (JsonNode row : cliRows(texts, "embed", flags)) {
            JsonNode e = row.get("embedding");
            float[] v = new float[e.size()];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) e.get(d).asDouble();
            }
            out.add(v);
        }
        return out;
    }

    private List<JsonNode> cliRows(List<String> texts, String command, String... flags) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (String t : texts) {
            jsonl.append(Served.JSON.writeValueAsString(Map.of("text", t))).append('\n');
        }
        Path in = Files.writeString(tmp.resolve(command + flags.length + ".jsonl"), jsonl.toString());
        List<String> args = new java.util.ArrayList<>(List.of(command, "--in", in.toString(), "--quiet"));
        args.addAll(List.of(flags));
        ProcessResult r = Infer.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> rows = new java.util.ArrayList<>();
        for (String line : r.lines()) {
            rows.add(Served.JSON.readTree(line));
        }
        return rows;
    }

    /** {@code npm ci} from the pinned lock file into target/, skipped when that lock is already installed. */
    private static void install() throws Exception {
        byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock));
        Path marker = INSTALL.resolve("installed-" + hash.substring(0, 16));
        Files.createDirectories(INSTALL);
        for (String f : List.of("package.json", "package-lock.json", "clients.mjs")) {
            Files.copy(SOURCE.resolve(f), INSTALL.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(marker)) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--cache",
                Path.of("target/npm-cache").toAbsolutePath().toString()).directory(INSTALL.toFile());
        ProcessResult r = ProcessResult.await(pb.start(), 600, "npm ci");
        assertEquals(0, r.exitCode(), "npm ci failed:\n" + r.stderr());
        Files.writeString(marker, hash, StandardCharsets.UTF_8);
    }
}
