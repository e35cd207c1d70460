package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infer.hub.FakeHub;
import dev.infer.testing.ProcessResult;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub model through the real jar, from {@link FakeHub}: its card's prompts (the default one, --prompt-name), model
 * list, inspect and rm; and a re-pull of a new revision, even of the very same bytes, is a new model for --cache,
 * --resume and few-shot heads.
 */
class HubRunIT {
    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path tmp;

    private Map<String, String> env;

    private ProcessResult infer(String... args) throws Exception {
        return Infer.finish(start(null, args), 240);
    }

    private Process start(Gate gate, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(gate == null ? Infer.command(args) : Infer.hookedCommand(args));
        Infer.offlineEnvironment(pb.environment());
        if (gate != null) {
            gate.configure(pb.environment());
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        if (gate == null) {
            p.getOutputStream().close();
        }
        return p;
    }

    private static void ok(ProcessResult r) {
        assertEquals(0, r.exitCode(), r.stderr());
    }

    @Test
    void aHubModelRunsWithItsCardAndANewRevisionIsANewModel() throws Exception {
        Path folder = TinyModels.tokenEmbedder(tmp.resolve("folder"), TinyModels.Options.defaults()).dir();
        Files.writeString(folder.resolve("config_sentence_transformers.json"), "{\"prompts\": {\"query\": \"query: \","
                + " \"passage\": \"passage: \"}, \"default_prompt_name\": \"query\"}");
        Map<String, byte[]> files = FakeHub.filesOf(folder);
        Path cache = tmp.resolve("hf-cache");
        Path in = Infer.write(tmp, "in.csv", Corpus.csv(Corpus.texts(1500, 5)));
        Path small = Infer.write(tmp, "small.csv", "text\nthe kettle is great\nit broke in a week\n");
        Path examples = Infer.write(tmp, "examples.csv", "text,label\ngreat kettle,good\nlove it,good\n"
                + "broke fast,bad\nawful thing,bad\n");
        try (FakeHub hub = new FakeHub()) {
            hub.add("org/e5ish", A, files, false);
            env = new HashMap<>(Map.of("HF_ENDPOINT", hub.endpoint(), "HF_HUB_CACHE", cache.toString()));
            ok(infer("model", "pull", "org/e5ish"));

            // the card: its default prompt is what a folder run needs --prefix 'query: ' for; --prompt-name picks another
            ProcessResult byName = infer("embed", "--model", "org/e5ish", "--in", small.toString(), "-q");
            ProcessResult asFolder = infer("embed", "--model", folder.toString(), "--in", small.toString(), "--prefix",
                    "query: ", "-q");
            ok(byName);
            assertEquals(asFolder.stdout(), byName.stdout());
            ProcessResult passage = infer("embed", "--model", "org/e5ish", "--in", small.toString(), "--prompt-name",
                    "passage", "-q");
            ProcessResult passageFolder = infer("embed", "--model", folder.toString(), "--in", small.toString(),
                    "--prefix", "passage: ", "-q");
            assertEquals(passageFolder.stdout(), passage.stdout());
            assertNotEquals(byName.stdout(), passage.stdout());
            ProcessResult unknown = infer("embed", "--model", "org/e5ish", "--in", small.toString(), "--prompt-name",
                    "document");
            assertEquals(2, unknown.exitCode());
            assertEquals("infer: --prompt-name document is not a prompt of org/e5ish (its prompts: query, passage)",
                    unknown.stderr().strip());

            // model list and inspect
            ProcessResult list = infer("model", "list");
            ok(list);
            assertTrue(list.stdout().matches("(?s).*Hugging Face cache " + java.util.regex.Pattern.quote(cache.toString())
                    + ":\nNAME +COMMIT +ONNX FILE +SIZE\norg/e5ish +aaaaaaaaaaaa +model\\.onnx +[0-9.]+ MB\n.*"),
                    list.stdout());
            JsonNode listed = Json.MAPPER.readTree(infer("model", "list", "--json").stdout());
            assertEquals(3, listed.size());
            assertEquals("hub", listed.get(2).get("source").asText());
            assertEquals(A, listed.get(2).get("commit").asText());
            JsonNode inspect = Json.MAPPER.readTree(infer("model", "inspect", "org/e5ish", "--json").stdout());
            assertEquals("org/e5ish", inspect.get("model").asText());
            assertEquals(A, inspect.get("hub").get("commit").asText());
            assertEquals("query", inspect.get("default_prompt").asText());
            assertEquals("passage: ", inspect.get("prompts").get("passage").asText());
            assertEquals(files.get("model.onnx").length, inspect.get("onnx_file_sizes").get("model.onnx").asLong());

            // before the new revision: a cached run, a fitted head, a run interrupted with a checkpoint
            Path store = tmp.resolve("results.cache");
            Path summary = tmp.resolve("summary.json");
            ok(infer("embed", "--model", "org/e5ish", "--in", small.toString(), "--cache", store.toString(),
                    "--summary", summary.toString(), "-q"));
            ok(infer("embed", "--model", "org/e5ish", "--in", small.toString(), "--cache", store.toString(),
                    "--summary", summary.toString(), "-q"));
            assertEquals(2, Json.MAPPER.readTree(summary.toFile()).get("cache_hits").asLong(), "the same snapshot hits");
            Path head = tmp.resolve("head.json");
            ok(infer("classify", "--model", "org/e5ish", "--in", small.toString(), "--examples", examples.toString(),
                    "--save-head", head.toString(), "-q"));
            Path out = tmp.resolve("vectors.jsonl");
            Gate gate = Gate.afterCalls(tmp.resolve("gate"), 10); // 32 rows a call: 10 of 47
            Process p = start(gate, "embed", "--model", "org/e5ish", "--in", in.toString(), "--out", out.toString(),
                    "-t", "1", "--grace", "1s", "-q");
            gate.awaitHeld(1, p);
            Infer.awaitCheckpoint(out, p, 0);
            Infer.signal(p, "TERM");
            assertEquals(143, Infer.finish(p, 60).exitCode());

            // main moves to a new commit holding the very same files: a new revision all the same
            hub.add("org/e5ish", B, files, false);
            ProcessResult repull = infer("model", "pull", "org/e5ish");
            ok(repull);
            assertTrue(repull.stdout().startsWith("org/e5ish @ " + B), repull.stdout());
        }
        ProcessResult resumed = infer("embed", "--model", "org/e5ish", "--in", in.toString(), "--out", out(tmp),
                "-t", "1", "--resume", "-q");
        assertEquals(2, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.stderr().contains("model identity changed"), resumed.stderr());
        assertEquals(1, resumed.stderr().strip().lines().count(), resumed.stderr());

        Path summary = tmp.resolve("summary.json");
        ok(infer("embed", "--model", "org/e5ish", "--in", small.toString(), "--cache",
                tmp.resolve("results.cache").toString(), "--summary", summary.toString(), "-q"));
        assertEquals(0, Json.MAPPER.readTree(summary.toFile()).get("cache_hits").asLong(), "a new revision: no hit");

        ProcessResult headRun = infer("classify", "--model", "org/e5ish", "--in", small.toString(), "--head",
                tmp.resolve("head.json").toString());
        assertEquals(2, headRun.exitCode(), headRun.stderr());
        assertEquals("infer: --head " + tmp.resolve("head.json") + " was fitted on other files of 'org/e5ish'"
                + " (another revision, or changed weights); fit a new head with --examples", headRun.stderr().strip());
        ok(infer("classify", "--model", "org/e5ish@" + A, "--in", small.toString(), "--head",
                tmp.resolve("head.json").toString(), "-q"));

        // rm: the old revision's snapshot goes, the files it shares with main stay; then the whole model
        ProcessResult rmOld = infer("model", "rm", "org/e5ish@" + A);
        ok(rmOld);
        assertTrue(rmOld.stdout().startsWith("removed org/e5ish@" + A + ": 0 file(s), 0.0 kB freed; "),
                rmOld.stdout());
        ok(infer("embed", "--model", "org/e5ish", "--in", small.toString(), "-q"));
        ok(infer("model", "rm", "org/e5ish"));
        ProcessResult gone = infer("embed", "--model", "org/e5ish", "--in", small.toString(), "-q");
        assertEquals(2, gone.exitCode());
        assertTrue(gone.stderr().contains("infer model pull org/e5ish"), gone.stderr());
        ProcessResult again = infer("model", "rm", "org/e5ish");
        assertEquals(2, again.exitCode());
        assertEquals("infer: org/e5ish is not in the Hugging Face cache (" + cache + "); nothing to remove",
                again.stderr().strip());
        assertFalse(Files.exists(cache.resolve("models--org--e5ish")));
        List<String> left = new ArrayList<>();
        try (var s = Files.list(cache)) {
            s.forEach(f -> left.add(f.getFileName().toString()));
        }
        assertEquals(List.of("CACHEDIR.TAG"), left.stream().filter(n -> !n.equals(".locks")).sorted().toList());
    }

    private static String out(Path tmp) {
        return tmp.resolve("vectors.jsonl").toString();
    }
}
