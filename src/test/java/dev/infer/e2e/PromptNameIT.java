package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infer.testing.ProcessResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model card's prompts through the real jar: TEI's {@code prompt_name} on {@code infer serve} embeds exactly as
 * {@code infer embed --prompt-name} does, the default prompt is the card's, an unknown name is 422 naming the prompts.
 */
class PromptNameIT {
    @TempDir
    Path tmp;

    @Test
    void serveHonoursPromptNameAsTheCliDoes() throws Exception {
        Path in = Infer.write(tmp, "in.jsonl", "{\"text\": \"the kettle is great\"}\n");
        ProcessResult passage = Infer.run("embed", "--model", "e5-small", "--in", in.toString(), "--prompt-name",
                "passage", "-q");
        assertEquals(0, passage.exitCode(), passage.stderr());
        JsonNode cli = Served.JSON.readTree(passage.lines().get(0)).get("embedding");
        try (Served server = Served.start(false, "--model", "e5-small", "--threads", "1")) {
            JsonNode named = server.post("/embed", "{\"inputs\": [\"the kettle is great\"], \"prompt_name\":"
                    + " \"passage\"}").json().get(0);
            assertEquals(cli, named, "prompt_name passage is --prompt-name passage");
            JsonNode byDefault = server.post("/embed", "{\"inputs\": [\"the kettle is great\"]}").json().get(0);
            JsonNode query = server.post("/embed", "{\"inputs\": [\"the kettle is great\"], \"prompt_name\":"
                    + " \"query\"}").json().get(0);
            assertEquals(byDefault, query, "e5's default prompt is query");
            assertFalse(byDefault.equals(named));
            JsonNode similarity = server.post("/similarity", "{\"inputs\": {\"source_sentence\": \"the kettle is"
                    + " great\", \"sentences\": [\"the kettle is great\"]}, \"parameters\": {\"prompt_name\":"
                    + " \"passage\"}}").json();
            assertEquals(1.0, similarity.get(0).asDouble(), 1e-6);
            JsonNode tokens = server.post("/tokenize", "{\"inputs\": \"kettle\", \"prompt_name\": \"passage\"}").json()
                    .get(0);
            assertTrue(java.util.Collections.indexOfSubList(tokens.findValuesAsText("text"),
                    List.of("passage", ":", "kettle")) >= 0, tokens.toString());
            assertEquals("[\"query\",\"passage\"]", server.get("/info").json().get("prompts").toString(),
                    "/info lists the card's prompts");

            Served.Reply unknown = server.post("/embed", "{\"inputs\": \"a\", \"prompt_name\": \"document\"}");
            assertEquals(422, unknown.status(), unknown.body());
            assertTrue(unknown.body().contains("'prompt_name' \\\"document\\\" is unknown: this model's prompts are"
                    + " query, passage"), unknown.body());
            Served.Reply predict = server.post("/predict", "{\"inputs\": \"a\", \"parameters\": {\"prompt_name\":"
                    + " \"query\"}}");
            assertEquals(422, predict.status(), predict.body());
            assertTrue(predict.body().contains("applies to embeddings"), predict.body());
        }
    }
}
