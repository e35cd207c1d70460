package dev.infer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.io.Format;
import dev.infer.io.InputSpec;
import dev.infer.io.RowReader;
import dev.infer.io.RowReaders;
import dev.infer.io.RowWriter;
import dev.infer.io.RowWriters;
import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.Pooling;
import dev.infer.model.SessionSettings;
import dev.infer.task.EmbedTask;
import dev.infer.task.Embedder;
import dev.infer.task.Task;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "use the engine from Java" example, verbatim in spirit: no picocli involved. */
class EngineApiTest {

    @Test
    void theEngineRunsWithoutTheCli() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunSummary summary;
        try (Model model = ModelLoader.load("default", null, SessionSettings.forWorkers(2, 2));
             RowReader reader = RowReaders.open(InputSpec.file("samples/docs.jsonl"))) {
            Task task = new EmbedTask(new Embedder(model, Pooling.MEAN, true));
            RowWriter writer = RowWriters.open(out, Format.JSONL, reader.columns(), task.resultFields());
            summary = new Pipeline(task, PipelineConfig.defaults(2))
                    .run(reader, writer, ProgressListener.NONE, OutputCommitter.NONE, FailedRowSink.NONE);
            writer.flush();
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(8, lines.size());
        assertEquals(8, summary.stats().rowsWritten());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals("kb-101", first.get("id").asText());
        assertEquals(384, first.get("embedding").size());
        assertTrue(first.get("embedding").get(0).isNumber());
    }
}
