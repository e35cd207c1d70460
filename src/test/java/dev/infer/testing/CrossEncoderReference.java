package dev.infer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cross-encoder scores from Transformers.js, independent of infer: its own tokenizer (text_pair, truncation) and
 * onnxruntime-node, one pair per call ({@code src/test/node/rerank/rerank-reference.mjs}). The Node peer is
 * installed (idempotently) by {@code ../shared/peers/node-transformersjs/setup.sh}.
 */
public final class CrossEncoderReference {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SETUP = Path.of("..", "shared", "peers", "node-transformersjs", "setup.sh");
    private static final Path SCRIPT = Path.of("src", "test", "node", "rerank", "rerank-reference.mjs");

    /** One pair's answer: the logits, the activated score, the pair's token count. */
    public record Answer(double[] logits, double score, int tokens) {
    }

    private CrossEncoderReference() {
    }

    /** The answers for (query, passage) pairs on the model folder (it needs {@code onnx/model.onnx}). */
    public static List<Answer> score(Path modelDir, List<String[]> pairs) throws Exception {
        ProcessResult setup = ProcessResult.await(new ProcessBuilder("bash", SETUP.toString()).start(), 600,
                "the Node peer's setup.sh");
        assertEquals(0, setup.exitCode(), "setup.sh failed:\n" + setup.stderr());
        String peer = setup.stdout().strip();
        Process p = new ProcessBuilder("node", SCRIPT.toAbsolutePath().toString(), peer,
                modelDir.toAbsolutePath().toString()).start();
        try (OutputStream in = p.getOutputStream()) {
            for (String[] pair : pairs) {
                in.write((JSON.writeValueAsString(Map.of("query", pair[0], "passage", pair[1])) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        ProcessResult r = ProcessResult.await(p, 300, "the Transformers.js reference");
        assertEquals(0, r.exitCode(), "the Transformers.js reference failed:\n" + r.stderr());
        List<Answer> out = new ArrayList<>();
        for (String line : r.lines()) {
            JsonNode n = JSON.readTree(line);
            double[] l = new double[n.get("logits").size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = n.get("logits").get(i).asDouble();
            }
            out.add(new Answer(l, n.get("score").asDouble(), n.get("tokens").asInt()));
        }
        assertEquals(pairs.size(), out.size(), r.stderr());
        return out;
    }
}
