package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The CLI layer in-process: messages go to the writers it is given, exit codes as documented. */
class MainTest {
    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void helpAndVersionGoToTheOutWriter() {
        Outcome help = run("classify", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--labels"), help.out());
        assertTrue(help.out().replaceAll("\\s+", " ").contains("Scripts send SIGTERM: a background job of a script"
                + " inherits an ignored SIGINT"), help.out());
        Outcome serve = run("serve", "--help");
        assertEquals(0, serve.code());
        assertTrue(serve.out().contains("--max-queued-inputs") && serve.out().contains("/v1/embeddings"), serve.out());
        Outcome version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("infer "), version.out());
    }

    @Test
    void onlyTheNamedCommandIsBuiltYetHelpAndSuggestionsSeeThemAll() {
        Outcome top = run("--help");
        assertEquals(0, top.code());
        for (String command : new String[] {"embed", "classify", "tokenize", "rerank", "serve", "model", "cache"}) {
            assertTrue(top.out().contains("  " + command + " "), command + " missing from:\n" + top.out());
        }
        Outcome help = run("help");
        assertEquals(0, help.code());
        assertEquals(top.out(), help.out(), "infer help is infer --help");
        assertTrue(run("help", "classify").out().contains("--labels"));
        Outcome unknownHelp = run("rerun", "--help");
        assertEquals(ExitCodes.USAGE, unknownHelp.code());
        assertTrue(unknownHelp.err().contains("Unmatched argument at index 0: 'rerun'"), unknownHelp.err());
        assertTrue(unknownHelp.err().contains("Did you mean: infer rerank or infer serve?"), unknownHelp.err());
        assertEquals("", unknownHelp.out());
        assertEquals(java.util.List.of("English"), ModelListCommand.describe(dev.infer.model.EmbeddedModels.MINILM)
                .get("languages"), "model list --json: languages is a list");
        Outcome typo = run("embedd");
        assertEquals(ExitCodes.USAGE, typo.code());
        assertTrue(typo.err().contains("Did you mean: infer embed?"), typo.err());
        Outcome none = run();
        assertEquals(ExitCodes.USAGE, none.code());
        assertTrue(none.err().contains("a command is required"), none.err());
        // The settings made after the commands are added reach them: enum values in any case, our handlers.
        Outcome upper = run("embed", "--format", "JSONL", "--in", "no-such-input.jsonl");
        assertEquals(ExitCodes.USAGE, upper.code());
        assertTrue(upper.err().startsWith("infer: cannot read input file 'no-such-input.jsonl'"), upper.err());
        Outcome nested = run("model", "inspect", "--help");
        assertEquals(0, nested.code());
        assertTrue(nested.out().startsWith("Usage: infer model inspect"), nested.out());
    }

    @Test
    void engineOptionErrorsAreWordedWithTheFlag() {
        Outcome r = run("classify", "--in", "whatever.csv", "--labels", "only");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("infer: --labels needs at least two labels (got 'only')\n", r.err());
        Outcome t = run("classify", "--in", "whatever.csv", "--temperature", "0");
        assertEquals(ExitCodes.USAGE, t.code());
        assertTrue(t.err().contains("--temperature must be greater than 0"), t.err());
        Outcome template = run("classify", "--in", "whatever.csv", "--template", "I like it");
        assertEquals(ExitCodes.USAGE, template.code());
        assertEquals("infer: --template 'I like it' has no {} where the label goes (e.g. 'This ticket is about {}.')\n",
                template.err());
        Outcome empty = run("classify", "--in", "whatever.csv", "--labels", "a,,b");
        assertEquals(ExitCodes.USAGE, empty.code());
        assertEquals("infer: --labels 'a,,b' has an empty label (two commas in a row, or one at an end)\n", empty.err());
        Outcome unlimited = run("tokenize", "--in", "whatever.csv", "--max-errors", "-1");
        assertEquals(ExitCodes.USAGE, unlimited.code());
        assertEquals("infer: --max-errors must be 0 or more (got -1); leave it out for no limit\n", unlimited.err());
        int cores = Runtime.getRuntime().availableProcessors();
        Outcome threads = run("tokenize", "--in", "whatever.csv", "--threads", String.valueOf(500 * cores));
        assertTrue(threads.err().startsWith("infer: warning: --threads " + 500 * cores + " is far more than the "
                + cores + " processors; threads beyond them only take turns, so the run is slower, not faster\n"),
                threads.err());
        assertTrue(run("embed", "--help").out().replaceAll("\\s+", " ").contains("2m; a bare number is seconds)"));
    }

    @Test
    void serveChecksItsLimitsBeforeListening() {
        Outcome r = run("serve", "--max-queued-inputs", "0");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("infer: --max-queued-inputs must be at least 1 (got 0)\n", r.err());
        Outcome labels = run("serve", "--labels", "one");
        assertEquals(ExitCodes.USAGE, labels.code());
        assertTrue(labels.err().startsWith("infer: --labels needs at least two"), labels.err());
    }

    @Test
    void badFlagsAreUsageErrorsWithAHint() {
        Outcome r = run("embed", "--no-such-flag");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("Try 'infer embed --help'"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anOnnxFileGivenAsTheModelFolderGetsTheFlagsItMeant(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(dir.resolve("my-model/onnx"));
        java.nio.file.Files.writeString(dir.resolve("my-model/tokenizer.json"), "{}");
        java.nio.file.Path onnx = java.nio.file.Files.writeString(folder.resolve("model.onnx"), "not really");
        java.nio.file.Path in = java.nio.file.Files.writeString(dir.resolve("in.csv"), "text\nhello\n");
        Outcome run = run("tokenize", "--in", in.toString(), "--model", onnx.toString());
        assertEquals(ExitCodes.USAGE, run.code());
        assertEquals("infer: --model '" + onnx + "' is a file, not a model folder; use --model " + dir.resolve("my-model")
                + " --model-file onnx/model.onnx\n", run.err());
        Outcome inspect = run("model", "inspect", onnx.toString());
        assertEquals(ExitCodes.USAGE, inspect.code());
        assertEquals("infer: '" + onnx + "' is a file, not a model folder; use infer model inspect "
                + dir.resolve("my-model") + " --model-file onnx/model.onnx\n", inspect.err());
        Outcome fileOnly = run("model", "inspect", "--model-file", "x.onnx");
        assertEquals(ExitCodes.USAGE, fileOnly.code());
        assertEquals("infer: --model-file picks a file inside a model folder; name the folder too:"
                + " infer model inspect DIR --model-file x.onnx\n", fileOnly.err());
        Outcome asOption = run("model", "inspect", "--model", "e5-small");
        assertEquals(ExitCodes.USAGE, asOption.code());
        assertEquals("infer: model inspect takes the model as its argument: infer model inspect e5-small\n",
                asOption.err());
    }

    @Test
    void helpExamplesNeverWrapMidCommand() {
        for (String[] command : new String[][] {{"--help"}, {"classify", "--help"}, {"embed", "--help"},
                {"tokenize", "--help"}, {"serve", "--help"}, {"model", "inspect", "--help"}, {"cache", "prune", "--help"}}) {
            String help = run(command).out();
            String examples = help.substring(help.indexOf("Example"));
            for (String line : examples.substring(examples.indexOf('\n') + 1).split("\n\n")[0].lines().toList()) {
                assertTrue(line.startsWith("  ") && line.length() <= 80, "wrapped: '" + line + "' in\n" + help);
            }
        }
    }
}
