package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.testing.TinyModels;
import dev.infer.testing.TinyModels.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each text computed once, on the real jar and model: dedupe within a run and {@code --cache} across
 * runs give the very same bytes as computing every row; the cache survives kill -9 and sharing.
 */
class CacheIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DISTINCT = 200;
    private static final int ROWS = 300;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static Path input;
    /** Every row computed: --no-dedupe, no cache. */
    private static Path expected;

    @BeforeAll
    static void corpusWithRepeats() throws Exception {
        List<String> texts = new ArrayList<>(Corpus.texts(DISTINCT, 31));
        Random r = new Random(31);
        for (int i = DISTINCT; i < ROWS; i++) {
            texts.add(texts.get(r.nextInt(DISTINCT)));
        }
        Collections.shuffle(texts, r);
        input = Infer.write(shared, "repeats.csv", Corpus.csv(texts));
        expected = shared.resolve("expected.jsonl");
        ProcessResult base = Infer.run("embed", "--in", input.toString(), "--out", expected.toString(), "--no-dedupe",
                "-t", "2", "-q");
        assertEquals(0, base.exitCode(), base.stderr());
    }

    private JsonNode summary(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    private ProcessResult embed(Path out, Path summary, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("embed", "--in", input.toString(), "--out", out.toString(),
                "--summary", summary.toString()));
        args.addAll(List.of(extra));
        ProcessResult r = Infer.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        return r;
    }

    @Test
    void dedupeAndCacheGiveTheSameBytesAtAnyThreadCountAndOnlyTheSameModelAndOptionsHit() throws Exception {
        Path s = dir.resolve("s.json");
        Path cache = dir.resolve("nightly.cache");

        Path deduped = dir.resolve("deduped.jsonl");
        ProcessResult r = embed(deduped, s, "-t", "1");
        assertEquals(-1, Files.mismatch(expected, deduped), "dedupe at 1 thread: same bytes");
        assertEquals(ROWS - DISTINCT, summary(s).get("rows_repeated").asLong());
        assertTrue(r.stderr().contains((ROWS - DISTINCT) + " repeats reused"), r.stderr());

        Path cold = dir.resolve("cold.jsonl");
        r = embed(cold, s, "-t", "2", "--cache", cache.toString());
        assertEquals(-1, Files.mismatch(expected, cold), "cold cache run at 2 threads: same bytes");
        assertEquals(0, summary(s).get("cache_hits").asLong());
        assertEquals(DISTINCT, summary(s).get("cache_added").asLong());
        assertTrue(r.stderr().contains("cache: 0 hits, " + DISTINCT + " added"), r.stderr());

        Path warm = dir.resolve("warm.jsonl");
        embed(warm, s, "-t", "1", "--cache", cache.toString(), "--no-dedupe");
        assertEquals(-1, Files.mismatch(expected, warm), "warm cache run: same bytes");
        assertEquals(ROWS, summary(s).get("cache_hits").asLong(), "every row read from the cache");
        assertEquals(0, summary(s).get("model_calls").asLong(), "the model never ran");

        Path other = dir.resolve("other.jsonl");
        embed(other, s, "--cache", cache.toString(), "--no-normalize");
        assertEquals(0, summary(s).get("cache_hits").asLong(), "another output-shaping option is a miss");
        assertNotEquals(-1, Files.mismatch(expected, other));

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cache); Statement st = c.createStatement()) {
            assertEquals("ok", single(st, "PRAGMA integrity_check"));
            assertEquals(String.valueOf(2 * DISTINCT), single(st, "SELECT count(*) FROM results"));
        }
        ProcessResult stats = Infer.run("cache", "stats", cache.toString());
        assertEquals(0, stats.exitCode(), stats.stderr());
        assertTrue(stats.stdout().contains(String.format("%,d entries", 2 * DISTINCT)), stats.stdout());
        assertTrue(stats.stdout().contains("(embedded)), --no-normalize\n"), "as typed: " + stats.stdout());
        assertTrue(stats.stdout().contains("100.0%"), "the warm run's hit rate: " + stats.stdout());
        ProcessResult prune = Infer.run("cache", "prune", cache.toString(), "--older-than", "30d");
        assertEquals(0, prune.exitCode(), prune.stderr());
        assertTrue(prune.stdout().contains("removed 0 entries"), prune.stdout());
    }

    @Test
    void killNineMidRunLeavesTheCacheConsistentAndResumeCorrect() throws Exception {
        Path cache = dir.resolve("killed.cache");
        Path out = dir.resolve("out.jsonl");
        long committed = -1;
        for (int kill = 1; kill <= 2; kill++) {
            // Held at a gate 60 model calls past where it resumed: the kill lands mid-run on any machine.
            Gate gate = Gate.afterCalls(dir.resolve("gate-" + kill), 60);
            Process p = Infer.start(gate, "embed", "--in", input.toString(), "--out", out.toString(), "--cache",
                    cache.toString(), "-t", "1", "--resume", "-q");
            gate.awaitHeld(1, p);
            Infer.awaitCheckpoint(out, p, committed);
            p.destroyForcibly().waitFor(); // SIGKILL: no handler runs, a cache transaction may be half done
            committed = Infer.committedRows(out);
            assertTrue(committed < ROWS, "killed mid-run, at row " + committed);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cache); Statement st = c.createStatement()) {
                assertEquals("ok", single(st, "PRAGMA integrity_check"), "consistent after kill " + kill);
            }
        }
        ProcessResult last = Infer.run("embed", "--in", input.toString(), "--out", out.toString(), "--cache",
                cache.toString(), "-t", "1", "--resume", "-q");
        assertEquals(0, last.exitCode(), "the resumed run completes: " + last.stderr());
        assertEquals(-1, Files.mismatch(expected, out), "byte-identical to an uninterrupted run without a cache");
    }

    @Test
    void twoProcessesShareOneCacheFile() throws Exception {
        Path cache = dir.resolve("shared.cache");
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Process pa = Infer.start("embed", "--in", input.toString(), "--out", a.toString(), "--cache", cache.toString(),
                "-t", "1", "-q");
        Process pb = Infer.start("embed", "--in", input.toString(), "--out", b.toString(), "--cache", cache.toString(),
                "-t", "1", "-q");
        ProcessResult ra = Infer.finish(pa, 180);
        ProcessResult rb = Infer.finish(pb, 180);
        assertEquals(0, ra.exitCode(), ra.stderr());
        assertEquals(0, rb.exitCode(), rb.stderr());
        assertEquals("", ra.stderr() + rb.stderr(), "no warnings: neither waited out the busy timeout");
        assertEquals(-1, Files.mismatch(expected, a));
        assertEquals(-1, Files.mismatch(expected, b));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cache); Statement st = c.createStatement()) {
            assertEquals("ok", single(st, "PRAGMA integrity_check"));
            assertEquals(String.valueOf(DISTINCT), single(st, "SELECT count(*) FROM results"), "each text stored once");
            assertEquals("2", single(st, "SELECT count(*) FROM runs"));
        }
    }

    @Test
    void aCorruptOrForeignCacheFileIsOneSentenceAndExit2() throws Exception {
        Path garbage = Infer.write(dir, "garbage.cache", "not a database\n".repeat(500));
        ProcessResult r = Infer.run("embed", "--in", input.toString(), "--cache", garbage.toString());
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals("infer: cache " + garbage + " is not an SQLite database (nor an infer cache); pick another"
                + " --cache file", r.stderr().strip());
        assertEquals("", r.stdout(), "no wrong answer, no answer at all");

        ProcessResult tokenize = Infer.run("tokenize", "--in", input.toString(), "--cache", dir.resolve("t.cache").toString());
        assertEquals(2, tokenize.exitCode(), tokenize.stderr());
        assertTrue(tokenize.stderr().contains("runs no model"), tokenize.stderr());
    }

    @Test
    void aSwappedModelFileOfTheSameNameIsAMissAndResumeRefusesIt() throws Exception {
        Path cache = dir.resolve("tiny.cache");
        TinyModels.TokenEmbedder a = TinyModels.tokenEmbedder(dir.resolve("a"), Options.defaults());
        TinyModels.TokenEmbedder b = TinyModels.tokenEmbedder(dir.resolve("b"), Options.defaults().withSeed(7));
        Path s = dir.resolve("s.json");
        Path first = dir.resolve("first.jsonl");
        ProcessResult r = Infer.run("embed", "--model", a.dir().toString(), "--in", input.toString(), "--out",
                first.toString(), "--cache", cache.toString(), "--summary", s.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(DISTINCT, summary(s).get("cache_added").asLong());

        Files.copy(b.onnx(), a.onnx(), StandardCopyOption.REPLACE_EXISTING); // same folder, same file name
        Path second = dir.resolve("second.jsonl");
        r = Infer.run("embed", "--model", a.dir().toString(), "--in", input.toString(), "--out", second.toString(),
                "--cache", cache.toString(), "--summary", s.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(0, summary(s).get("cache_hits").asLong(), "other weights: no hit");
        assertNotEquals(-1, Files.mismatch(first, second));

        // --resume: an interrupted run, then its model swapped under the same name
        TinyModels.Classifier cls = TinyModels.sequenceClassifier(dir.resolve("cls"), Options.defaults());
        TinyModels.Classifier other = TinyModels.sequenceClassifier(dir.resolve("cls2"), Options.defaults().withSeed(9));
        Path big = Infer.write(dir, "big.csv", Corpus.csv(Corpus.texts(1500, 5)));
        Path out = dir.resolve("labels.csv");
        Gate gate = Gate.afterCalls(dir.resolve("gate"), 10); // batches of 32 rows: 10 calls of 47
        Process p = Infer.start(gate, "classify", "--model", cls.dir().toString(), "--in", big.toString(), "--out",
                out.toString(), "-t", "1", "--grace", "1s", "-q");
        gate.awaitHeld(1, p);
        Infer.awaitCheckpoint(out, p, 0);
        Infer.signal(p, "TERM");
        assertEquals(143, Infer.finish(p, 60).exitCode());
        Files.copy(other.onnx(), cls.onnx(), StandardCopyOption.REPLACE_EXISTING);
        ProcessResult resumed = Infer.run("classify", "--model", cls.dir().toString(), "--in", big.toString(), "--out",
                out.toString(), "-t", "1", "--resume", "-q");
        assertEquals(2, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.stderr().contains("model identity changed"), resumed.stderr());
        assertEquals(1, resumed.stderr().strip().lines().count(), resumed.stderr());
    }

    private static String single(Statement st, String sql) throws Exception {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
