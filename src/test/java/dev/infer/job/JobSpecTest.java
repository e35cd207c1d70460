package dev.infer.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Checkpoint;
import dev.infer.model.Model;
import dev.infer.pipeline.ErrorPolicy;
import dev.infer.task.ClassifyKind;
import dev.infer.task.EmbedKind;
import dev.infer.task.OptionException;
import dev.infer.task.OptionValues;
import dev.infer.task.TokenizeKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One job description for every front end: what it refuses, and the identity a resume and a cache key on. */
class JobSpecTest {

    @Test
    void anOptionOfAnotherTaskIsRefusedNamingItsTask() {
        OptionValues labels = OptionValues.builder().set(ClassifyKind.LABELS, "a,b").build();
        OptionException e = assertThrows(OptionException.class, () -> JobSpec.of(EmbedKind.INSTANCE, labels));
        assertEquals("--labels is a classify option; embed does not take it", e.render(k -> "--" + k));
        OptionValues dims = OptionValues.builder().set(EmbedKind.DIMENSIONS, 8).build();
        assertEquals("dimensions is an embed option; tokenize does not take it", assertThrows(OptionException.class,
                () -> JobSpec.of(TokenizeKind.INSTANCE, dims)).getMessage());
        // the engine's options go with every task
        JobSpec.of(TokenizeKind.INSTANCE, OptionValues.builder().set(EngineOptions.BATCH_SIZE, 4).build());
    }

    @Test
    void forKindKeepsTheKindsAndTheEnginesOptionsOfAServersFlags() {
        OptionValues all = OptionValues.builder().set(ClassifyKind.LABELS, "a,b").set(EngineOptions.THREADS, 2)
                .set(dev.infer.task.CommonOptions.PREFIX, "q: ").build();
        JobSpec embed = JobSpec.forKind(EmbedKind.INSTANCE, all);
        assertEquals("{prefix=q: , threads=2}", embed.options().asText().toString());
    }

    @Test
    void theIdentityHoldsWhatShapesTheOutputAndNothingElse() throws Exception {
        JobSpec plain = JobSpec.of(EmbedKind.INSTANCE, OptionValues.NONE);
        JobSpec threads = JobSpec.of(EmbedKind.INSTANCE, OptionValues.builder().set(EngineOptions.THREADS, 2)
                .set(EngineOptions.ON_ERROR, ErrorPolicy.RECORD).build());
        JobSpec cut = JobSpec.of(EmbedKind.INSTANCE, OptionValues.builder().set(EmbedKind.DIMENSIONS, 128).build());
        try (Model model = plain.loadModel(plain.session(1, 1))) {
            JobIdentity a = plain.bind(model, plain.prepareTask(null)).identity();
            JobIdentity b = threads.bind(model, threads.prepareTask(null)).identity();
            JobIdentity c = cut.bind(model, cut.prepareTask(null)).identity();
            assertEquals(a, b, "threads and an explicit default do not change what a run writes");
            assertNotEquals(a, c);
            assertEquals("", a.options().get("dimensions"));
            assertEquals("record", a.options().get("on-error"));
            assertEquals("1", a.facts().get("rows per model call"));
            assertTrue(a.facts().containsKey("row prefix"));
            Map<String, String> was = a.asMap(k -> "--" + k);
            Checkpoint saved = new Checkpoint(Checkpoint.VERSION, 10, 100, "in", was);
            assertEquals("--dimensions changed (was '', now '128')",
                    saved.differenceFrom("in", c.asMap(k -> "--" + k)).orElseThrow().replace('"', '\''));
        }
    }
}
