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
import dev.infer.model.SessionSettings;
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
            Task task = dev.infer.task.TaskFactory.embed(model, dev.infer.task.EmbedOptions.defaults());
            RowWriter writer = RowWriters.open(out, Format.JSONL, reader.columns(), task.schema().names());
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

    /**
     * The synchronous core called from a plain thread and the long-lived pool serving two jobs at once
     * give the same vectors (one row per call: bit-identical), and a cancelled job's units never start.
     */
    @Test
    void batchRunnerAndSharedPoolGiveTheSameAnswers() throws Exception {
        try (Model model = ModelLoader.load("default", null, SessionSettings.forWorkers(2, 2))) {
            Task task = dev.infer.task.TaskFactory.embed(model, dev.infer.task.EmbedOptions.defaults());
            BatchRunner runner = new BatchRunner(task, 1, 8192, new RunStats());
            List<String> texts = List.of("a kettle that boils fast", "broke after two days", "", "quiet and cheap");
            List<WorkItem> items = new java.util.ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                items.add(WorkItem.of(dev.infer.io.Row.ok(i, i + 1, null, texts.get(i))));
            }
            List<RowOutcome> direct;
            try (CallGuard guard = new CallGuard(true, null)) {
                direct = runner.run(items, guard, new CancelScope());
            }
            assertEquals(texts.size(), direct.size());
            try (WorkerPool pool = new WorkerPool(runner, 2, 16, null, "test")) {
                java.util.concurrent.CompletableFuture<List<RowOutcome>> a = new java.util.concurrent.CompletableFuture<>();
                java.util.concurrent.CompletableFuture<List<RowOutcome>> b = new java.util.concurrent.CompletableFuture<>();
                CancelScope cancelled = new CancelScope();
                cancelled.cancel();
                java.util.concurrent.atomic.AtomicBoolean dropped = new java.util.concurrent.atomic.AtomicBoolean();
                assertTrue(pool.offer(new WorkUnit(items, new CancelScope(), a::complete)));
                assertTrue(pool.offer(new WorkUnit(items.subList(1, 3), new CancelScope(), b::complete)));
                assertTrue(pool.offer(new WorkUnit(items, cancelled, new WorkUnit.Completion() {
                    @Override
                    public void completed(List<RowOutcome> outcomes) {
                        throw new AssertionError("a cancelled unit ran");
                    }

                    @Override
                    public void dropped() {
                        dropped.set(true);
                    }
                })));
                List<RowOutcome> fromPool = a.get(60, java.util.concurrent.TimeUnit.SECONDS);
                for (RowOutcome o : fromPool) {
                    float[] expected = (float[]) direct.get((int) o.row().index()).values()[0];
                    assertTrue(java.util.Arrays.equals(expected, (float[]) o.values()[0]), "row " + o.row().index());
                }
                assertEquals(2, b.get(60, java.util.concurrent.TimeUnit.SECONDS).size());
                pool.close();
                assertTrue(dropped.get(), "the cancelled unit was neither dropped nor run");
            }
        }
    }

    @Test
    void aPipelineRunsOnce() throws Exception {
        Pipeline p = new Pipeline(Fakes.FakeTask.echo(), PipelineConfig.defaults(1));
        Fakes.run(p, new Fakes.ListReader(Fakes.rows(3, 1, 5)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> p.run(new Fakes.ListReader(Fakes.rows(3, 1, 5)), null, ProgressListener.NONE,
                        OutputCommitter.NONE, FailedRowSink.NONE));
    }

    /** Two file runs at once on one long-lived pool: each gets all its rows in order; the pool lives on. */
    @Test
    void pipelinesShareALongLivedPool() throws Exception {
        Fakes.FakeTask task = Fakes.FakeTask.echo();
        try (WorkerPool pool = new WorkerPool(new BatchRunner(task, 1, 8192, new RunStats()), 2, 8, null, "shared")) {
            java.util.concurrent.CompletableFuture<Fakes.Run> first = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> runQuietly(new Pipeline(pool, task, Fakes.config(2, 1, 8, 64), Reuse.NONE), 2_000));
            Fakes.Run second = runQuietly(new Pipeline(pool, task, Fakes.config(2, 4, 8, 64), Reuse.NONE), 1_500);
            Fakes.Run one = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(Fakes.range(0, 2_000), one.writer.indices());
            assertEquals(Fakes.range(0, 1_500), second.writer.indices());
            Fakes.Run third = runQuietly(new Pipeline(pool, task, Fakes.config(2, 1, 8, 64), Reuse.NONE), 10);
            assertEquals(Fakes.range(0, 10), third.writer.indices()); // still serving after the runs ended
        }
    }

    private static Fakes.Run runQuietly(Pipeline p, int rows) {
        try {
            return Fakes.run(p, new Fakes.ListReader(Fakes.rows(rows, 7, 20)));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
