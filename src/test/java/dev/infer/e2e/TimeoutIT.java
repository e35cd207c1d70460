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
 * --batch-timeout cancels a model call that runs too long: the held row fails alone with a clear error, its
 * batch-mates are retried without it and get results, and the run completes (exit 3). The row is held at a
 * {@link Gate} that never opens, so only the timeout can end its call, on any machine; ONNX Runtime's own
 * cancellation of a running call is tested in {@code ModelSessionCancelTest}.
 */
class TimeoutIT {
    @TempDir
    Path dir;

    @Test
    void aCallPastTheTimeoutIsCancelledAndOnlyTheHeldRowFails() throws Exception {
        TinyModels.Classifier model = TinyModels.sequenceClassifier(dir.resolve("tiny"), TinyModels.Options.defaults());
        StringBuilder csv = new StringBuilder("id,text\n");
        for (int i = 0; i < 6; i++) {
            csv.append(i).append(",short row number ").append(i).append('\n');
        }
        csv.append("6,hold this row\n");
        Path in = Infer.write(dir, "in.csv", csv.toString());

        Gate gate = Gate.onText(dir.resolve("gate"), "hold this row");
        // A tiny model answers a call in about a millisecond: 2 s is a bound only the held row reaches.
        ProcessResult r = Infer.finish(Infer.start(gate, "classify", "--in", in.toString(), "--model",
                model.dir().toString(), "--out-format", "jsonl", "--batch-timeout", "2s", "--threads", "1", "-q"), 120);

        assertEquals(3, r.exitCode(), r.stderr());
        List<JsonNode> rows = Json.rows(r.stdout());
        assertEquals(7, rows.size());
        for (int i = 0; i < 6; i++) {
            assertFalse(rows.get(i).has("error"), rows.get(i).toString());
            assertTrue(rows.get(i).get("label").isTextual());
        }
        assertEquals("line 8: inference timed out after 2000 ms", rows.get(6).get("error").asText());
    }
}
