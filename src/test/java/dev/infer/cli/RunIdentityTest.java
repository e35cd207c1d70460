package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.infer.io.Checkpoint;
import dev.infer.model.ClassLabels;
import dev.infer.model.ModelDetails;
import dev.infer.model.ModelInfo;
import dev.infer.model.OutputKind;
import dev.infer.model.Pooling;
import dev.infer.model.PoolingPlan;
import dev.infer.model.TokenizerFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A resume must notice a different few-shot head or prefix even when every option string is the same. */
class RunIdentityTest {
    private static final ModelInfo E5 = new ModelInfo("e5-small", "e5-small-v2-q.onnx (embedded)", "last_hidden_state",
            OutputKind.TOKEN_EMBEDDINGS, 512, true, new PoolingPlan(Pooling.MEAN, "card", "last_hidden_state", null),
            ClassLabels.NONE, new ModelDetails("embedded", List.of("e5-small-v2-q.onnx"), "card",
            new TokenizerFacts("WordPiece", 30522, true, List.of("[CLS]")), null, Map.of("e5-small-v2-q.onnx", 1L)));

    private static final dev.infer.model.ModelIdentity ID = new dev.infer.model.ModelIdentity("abc", "e5-small");

    @Test
    void theHeadFingerprintAndThePrefixArePartOfTheIdentity() {
        CommandLine cl = new CommandLine(new ClassifyCommand());
        cl.parseArgs("--in", "x.csv", "--out", "y.csv", "--head", "head.json");
        var spec = cl.getCommandSpec();
        Map<String, String> a = RunIdentity.of(spec, 1, E5, ID, Map.of("few-shot head", "sha256:aa", "row prefix", "query: "));
        Map<String, String> b = RunIdentity.of(spec, 1, E5, ID, Map.of("few-shot head", "sha256:bb", "row prefix", "query: "));
        Map<String, String> c = RunIdentity.of(spec, 1, E5, ID, Map.of("few-shot head", "sha256:aa", "row prefix", ""));
        assertNotEquals(a, b);
        Checkpoint saved = new Checkpoint(Checkpoint.VERSION, 10, 100, "in", a);
        assertEquals("few-shot head changed (was 'sha256:aa', now 'sha256:bb')",
                saved.differenceFrom("in", b).orElseThrow().replace('"', '\''));
        assertEquals("row prefix changed", saved.differenceFrom("in", c).orElseThrow().replaceAll(" \\(.*", ""));
        assertEquals("head.json", a.get("--head"));
    }

    @Test
    void cacheStatsShowTheOptionsAsTyped() {
        CommandLine cl = new CommandLine(new ClassifyCommand());
        cl.parseArgs("--in", "x.csv", "--labels", "billing,bug", "--template", "It's about {}.", "--all-scores",
                "--on-error", "skip", "--threads", "2");
        assertEquals("--labels billing,bug --template 'It'\\''s about {}.' --all-scores --on-error skip",
                RunIdentity.typed(cl.getCommandSpec(), ReuseSetup.NOT_RESULT_SHAPING));
    }
}
