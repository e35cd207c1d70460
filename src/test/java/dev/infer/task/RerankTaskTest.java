package dev.infer.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import dev.infer.job.EngineOptions;
import dev.infer.job.JobSpec;
import dev.infer.job.PreparedJob;
import dev.infer.model.Model;
import dev.infer.model.ModelException;
import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.CallGuard;
import dev.infer.pipeline.CancelScope;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.RunStats;
import dev.infer.pipeline.WorkItem;
import dev.infer.testing.CrossEncoderReference;
import dev.infer.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rerank} on small real cross-encoders (one logit; two labels), every score checked against
 * Transformers.js (its own pair tokenizer and ONNX Runtime, see {@link CrossEncoderReference}).
 */
class RerankTaskTest {
    static final List<String> QUERIES = List.of("how do I reset my password?",
            "unaffordable replacement batteries for cordless drills " + "and other tools ".repeat(20));
    static final List<String> PASSAGES = List.of("Open Settings, choose Account, then Reset password.",
            "The fryer works great.", "Broke after a week; never again.", "🙂🙂", "ünïcödé résumé naïveté",
            "ok", "A very long passage about passwords. ".repeat(40));

    @TempDir
    static Path dir;
    static Path oneLogit;
    static Path twoLabels;

    @BeforeAll
    static void models() throws Exception {
        TinyModels.Options o = TinyModels.Options.defaults().withLayout(TinyModels.OnnxLayout.ONNX_DIR)
                .withModelMaxLength(64).withMaxPositionEmbeddings(64);
        oneLogit = TinyModels.sequenceClassifier(dir.resolve("ce-one"), o.withLabels("LABEL_0")).dir();
        twoLabels = TinyModels.sequenceClassifier(dir.resolve("ce-two"),
                o.withSeed(7).withLabels("not_relevant", "relevant")).dir();
    }

    @Test
    void oneLogitScoresAreTheSigmoidTransformersJsComputes() throws Exception {
        sameAsTransformersJs(oneLogit);
    }

    @Test
    void twoLabelScoresAreTheSecondLabelsSoftmax() throws Exception {
        sameAsTransformersJs(twoLabels);
    }

    private static void sameAsTransformersJs(Path model) throws Exception {
        List<String[]> pairs = new ArrayList<>();
        for (String q : QUERIES) {
            for (String p : PASSAGES) {
                pairs.add(new String[] {q, p});
            }
        }
        List<CrossEncoderReference.Answer> expected = CrossEncoderReference.score(model, pairs);
        assertTrue(expected.stream().anyMatch(a -> a.tokens() == 64), "some pair must be cut to the max length");
        for (boolean raw : new boolean[] {false, true}) {
            for (int q = 0; q < QUERIES.size(); q++) {
                List<RowOutcome> got = run(model, QUERIES.get(q), raw, PASSAGES);
                for (int p = 0; p < PASSAGES.size(); p++) {
                    CrossEncoderReference.Answer a = expected.get(q * PASSAGES.size() + p);
                    RowOutcome o = got.get(p);
                    assertFalse(o.failed(), o.error());
                    double want = raw ? a.logits()[a.logits().length - 1] : a.score();
                    assertEquals(want, (Double) o.values()[0], 1e-5, "query " + q + " passage " + p + " raw " + raw);
                }
            }
        }
    }

    @Test
    void anEmptyPassageFailsItsRowOnly() throws Exception {
        List<RowOutcome> got = run(oneLogit, "q", false, List.of("a passage", "", "  ", "another"));
        assertEquals(4, got.size());
        assertFalse(got.get(0).failed());
        assertTrue(got.get(1).failed() && got.get(1).error().contains("passage is empty"), got.get(1).error());
        assertTrue(got.get(2).failed());
        assertFalse(got.get(3).failed());
    }

    @Test
    void aMissingQueryOrAnEmbeddingModelIsRefusedInOneSentence() throws Exception {
        OptionException none = assertThrows(OptionException.class,
                () -> JobSpec.of(RerankKind.INSTANCE, OptionValues.NONE).prepareTask(null));
        assertTrue(none.getMessage().contains("query is required"), none.getMessage());
        JobSpec embedded = JobSpec.of(RerankKind.INSTANCE, OptionValues.builder().set(RerankKind.QUERY, "q").build());
        try (Model model = embedded.loadModel(embedded.session(1, 1))) {
            assertFalse(RerankKind.INSTANCE.accepts(model.info()));
            ModelException e = assertThrows(ModelException.class, () -> embedded.bind(model, embedded.prepareTask(null)));
            assertTrue(e.getMessage().contains("needs a cross-encoder") && e.getMessage().contains("--model DIR"),
                    e.getMessage());
        }
    }

    @Test
    void theQueryIsPartOfTheRunsIdentity() throws Exception {
        JobSpec a = job(oneLogit, "first query", false);
        JobSpec b = job(oneLogit, "second query", false);
        try (Model model = a.loadModel(a.session(1, 1))) {
            var ia = a.bind(model, a.prepareTask(null)).identity();
            var ib = b.bind(model, b.prepareTask(null)).identity();
            assertEquals("first query", ia.options().get("query"));
            assertFalse(ia.equals(ib));
        }
    }

    static JobSpec job(Path model, String query, boolean raw) {
        OptionValues.Builder v = OptionValues.builder().set(EngineOptions.MODEL, model.toString())
                .set(RerankKind.QUERY, query);
        if (raw) {
            v.set(RerankKind.RAW_SCORES, true);
        }
        return JobSpec.of(RerankKind.INSTANCE, v.build());
    }

    /** The passages through the engine's batch runner, all in one batch, in input order. */
    static List<RowOutcome> run(Path modelDir, String query, boolean raw, List<String> passages) throws Exception {
        JobSpec job = job(modelDir, query, raw);
        try (Model model = job.loadModel(job.session(1, 1))) {
            PreparedJob prepared = job.bind(model, job.prepareTask(null));
            BatchRunner runner = new BatchRunner(prepared.task(), prepared.rowsPerCall(),
                    EngineOptions.DEFAULT_MAX_BATCH_TOKENS, new RunStats());
            List<WorkItem> items = new ArrayList<>();
            for (int i = 0; i < passages.size(); i++) {
                items.add(runner.encode(Row.ok(i, i + 1, null, passages.get(i))));
            }
            try (CallGuard guard = new CallGuard(true, null)) {
                List<RowOutcome> out = new ArrayList<>(runner.run(items, guard, new CancelScope()));
                out.sort(Comparator.comparingLong(o -> o.row().index()));
                return out;
            }
        }
    }
}
