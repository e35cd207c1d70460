package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.testing.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example the README and docs/ mark with {@code <!-- run: NAME -->} runs as written, in bash, with
 * {@code infer} the real jar and the samples at hand, and exits 0.
 */
class DocsRecipesIT {
    private static final Pattern MARKED = Pattern.compile(
            "<!-- run: ([\\w-]+) -->\\s*```(?:sh|bash)\\n(.*?)```\\s*<!-- /run -->", Pattern.DOTALL);

    @TempDir
    Path dir;

    record Recipe(String where, String name, String script) {
    }

    static List<Recipe> recipes() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<Recipe> out = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = MARKED.matcher(Files.readString(doc));
            while (m.find()) {
                out.add(new Recipe(doc.toString(), m.group(1), m.group(2)));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyMarkedExampleRuns() throws IOException {
        List<Recipe> recipes = recipes();
        assertTrue(recipes.size() >= 4, "the README and docs mark their runnable examples: " + recipes.size());
        Path samples = Path.of("samples").toAbsolutePath();
        // what a reader brings for `infer rerank --model ./cross-encoder`: here a tiny real one
        Path crossEncoder = dev.infer.testing.TinyModels.sequenceClassifier(dir.resolve("cross-encoder"),
                dev.infer.testing.TinyModels.Options.defaults().withLabels("LABEL_0")).dir();
        return recipes.stream().map(r -> DynamicTest.dynamicTest(r.where() + " " + r.name(), () -> {
            Path work = Files.createDirectory(dir.resolve(r.name()));
            Files.createSymbolicLink(work.resolve("samples"), samples);
            Files.createSymbolicLink(work.resolve("cross-encoder"), crossEncoder);
            ProcessResult run = Infer.shell(work, "set -e\n" + r.script());
            assertEquals(0, run.exitCode(), r.where() + " " + r.name() + ":\n" + r.script() + "\n" + run.stderr());
            assertFalse(run.stderr().contains("infer: error"), run.stderr());
        }));
    }
}
