package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infer tokenize counts the model's tokens, special tokens included, without cutting. */
class TokenizeIT {
    @TempDir
    Path dir;

    @Test
    void countsTokensAndFlagsRowsOverTheBudget() throws Exception {
        String longText = "word ".repeat(300).trim();
        Path in = Infer.write(dir, "in.jsonl", String.join("\n",
                "{\"text\":\"hello world\"}",
                "{\"text\":\"\"}",
                "{\"text\":\"" + longText + "\"}") + "\n");

        ProcessResult r = Infer.run("tokenize", "--in", in.toString(), "-q");

        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> rows = Json.rows(r.stdout());
        assertEquals(4, rows.get(0).get("tokens").asInt(), "[CLS] hello world [SEP]");
        assertEquals(false, rows.get(0).get("truncated").asBoolean());
        assertEquals(2, rows.get(1).get("tokens").asInt(), "empty text is [CLS] [SEP], not an error");
        assertEquals(302, rows.get(2).get("tokens").asInt(), "long rows are counted in full");
        assertEquals(true, rows.get(2).get("truncated").asBoolean(), "over the default 256");

        ProcessResult wide = Infer.run("tokenize", "--in", in.toString(), "--max-tokens", "512", "-q");
        assertEquals(false, Json.rows(wide.stdout()).get(2).get("truncated").asBoolean());
    }
}
