package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infer.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --batch-timeout cancels a model call inside ONNX Runtime: the slow row fails alone with a clear
 * error, its batch-mates are retried without it and get results, and the run completes (exit 3).
 */
class TimeoutIT {
    @TempDir
    Path dir;

    @Test
    void aCallPastTheTimeoutIsCancelledAndOnlyTheSlowRowFails() throws Exception {
        // ~40 ms for a short row, ~1.2 s for a 256-token row (see TinyModels.slowClassifier).
        TinyModels.SlowModel model = TinyModels.slowClassifier(dir.resolve("slow"), TinyModels.Options.defaults());
        String longText = "slow ".repeat(400).trim();
        StringBuilder csv = new StringBuilder("id,text\n");
        for (int i = 0; i < 6; i++) {
            csv.append(i).append(",short row number ").append(i).append('\n');
        }
        csv.append("6,").append(longText).append('\n');
        Path in = Infer.write(dir, "in.csv", csv.toString());

        long start = System.nanoTime();
        ProcessResult r = Infer.run("classify", "--in", in.toString(), "--model", model.dir().toString(),
                "--out-format", "jsonl", "--batch-timeout", "400ms", "--threads", "1", "-q");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertEquals(3, r.exitCode(), r.stderr());
        List<JsonNode> rows = Json.rows(r.stdout());
        assertEquals(7, rows.size());
        for (int i = 0; i < 6; i++) {
            assertFalse(rows.get(i).has("error"), rows.get(i).toString());
            assertTrue(rows.get(i).get("label").isTextual());
        }
        assertEquals("line 8: inference timed out after 400 ms", rows.get(6).get("error").asText());
        assertTrue(seconds < 60, "cancelled calls do not run to the end (" + seconds + " s)");
    }
}
