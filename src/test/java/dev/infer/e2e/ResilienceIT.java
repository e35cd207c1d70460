package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing lost: bad rows, signals, kill -9 and resume, on the real jar and model. */
class ResilienceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyBadRowComesOutInItsPlaceWithItsLineNumber() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(("{\"id\":1,\"text\":\"fine\"}\n"
                + "{not json\n"
                + "[1,2]\n"
                + "{\"id\":4}\n"
                + "{\"id\":5,\"text\":null}\n"
                + "{\"id\":6,\"text\":42}\n"
                + "{\"id\":7,\"text\":{\"a\":1}}\n").getBytes(StandardCharsets.UTF_8));
        in.writeBytes("{\"id\":8,\"text\":\"bad \u00ff".getBytes(StandardCharsets.ISO_8859_1)); // invalid UTF-8
        in.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        in.writeBytes(("{\"id\":9,\"text\":\"\"}\n"
                + "{\"id\":10,\"text\":\"nul\\u0000byte\"}\n"
                + "{\"id\":11,\"text\":\"" + "long ".repeat(2_000_000) + "\"}\n"
                + "{\"id\":12,\"text\":\"no newline at the end\"}").getBytes(StandardCharsets.UTF_8));
        Path input = dir.resolve("hostile.jsonl");
        Files.write(input, in.toByteArray());
        Path errors = dir.resolve("errors.jsonl");
        Path summary = dir.resolve("summary.json");

        ProcessResult r = Infer.run("tokenize", "--in", input.toString(), "--errors", errors.toString(),
                "--summary", summary.toString(), "-q");

        assertEquals(3, r.exitCode(), "completed with failed rows: " + r.stderr());
        List<JsonNode> rows = Json.rows(r.stdout());
        assertEquals(12, rows.size(), "one output row per input row");
        List<Integer> badLines = List.of(2, 3, 4, 5, 6, 7, 8);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            int line = i + 1;
            if (badLines.contains(line)) {
                assertTrue(row.get("error").asText().startsWith("line " + line + ": "), row.toString());
                assertTrue(row.get("tokens").isNull(), "no result on a failed row");
            } else {
                assertFalse(row.has("error"), "line " + line + " is fine");
                assertTrue(row.get("tokens").asInt() >= 2);
            }
        }
        assertEquals(2_000_002, rows.get(10).get("tokens").asInt(), "a 10 MB field is counted, not rejected");
        assertTrue(rows.get(7).get("error").asText().contains("UTF-8"));
        List<String> logged = Files.readAllLines(errors);
        assertEquals(7, logged.size());
        assertEquals(2, JSON.readTree(logged.get(0)).get("line").asInt());
        JsonNode s = JSON.readTree(summary.toFile());
        assertEquals(12, s.get("rows_read").asInt());
        assertEquals(7, s.get("rows_failed").asInt());
        assertEquals(s.get("rows_read").asInt(), s.get("rows_written").asInt() + s.get("rows_skipped").asInt());
    }

    @Test
    void skipAndFailPolicies() throws Exception {
        Path input = Infer.write(dir, "in.csv", "id,text\n1,ok\n2,\"broken quote\n3,fine\n4,also fine\n");
        Path summary = dir.resolve("s.json");
        ProcessResult skip = Infer.run("tokenize", "--in", input.toString(), "--on-error", "skip",
                "--summary", summary.toString(), "-q");
        assertEquals(3, skip.exitCode(), skip.stderr());
        JsonNode s = JSON.readTree(summary.toFile());
        assertEquals(s.get("rows_read").asInt(), s.get("rows_written").asInt() + s.get("rows_skipped").asInt());
        assertTrue(s.get("rows_skipped").asInt() >= 1);
        assertFalse(skip.stdout().contains("broken quote"));

        ProcessResult fail = Infer.run("tokenize", "--in", input.toString(), "--on-error", "fail", "-q");
        assertEquals(1, fail.exitCode());
        assertTrue(fail.stderr().contains("line 3"), fail.stderr());

        Path many = Infer.write(dir, "many.jsonl", "{\"text\":\"ok\"}\n{\"x\":1}\n{\"x\":2}\n{\"x\":3}\n");
        ProcessResult capped = Infer.run("tokenize", "--in", many.toString(), "--text-column", "text",
                "--max-errors", "1", "-q");
        assertEquals(1, capped.exitCode(), capped.stderr());
        assertTrue(capped.stderr().contains("more than 1 row failed"), capped.stderr());
    }

    @Test
    void emptyAndHeaderOnlyFilesGiveEmptyResults() throws Exception {
        Path empty = Infer.write(dir, "empty.jsonl", "");
        ProcessResult r = Infer.run("embed", "--in", empty.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stdout());
        Path headerOnly = Infer.write(dir, "header.csv", "id,text\n");
        ProcessResult h = Infer.run("embed", "--in", headerOnly.toString(), "-q");
        assertEquals(0, h.exitCode(), h.stderr());
        assertEquals("id,text,embedding,error\n", h.stdout());
    }

    @Test
    void sigtermAndSigintStopCleanlyWithACheckpoint() throws Exception {
        Path input = Infer.write(dir, "in.csv", Corpus.csv(Corpus.texts(4000, 11)));
        for (String signal : List.of("TERM", "INT")) {
            Path out = dir.resolve("out-" + signal + ".jsonl");
            // Held at a gate 600 calls in, the run cannot end before the signal; the gate never opens, so
            // the held calls are cancelled when the grace period runs out.
            Gate gate = Gate.afterCalls(dir.resolve("gate-" + signal), 600);
            Process p = Infer.start(gate, "embed", "--in", input.toString(), "--out", out.toString(), "--grace", "1s",
                    "-q");
            gate.awaitHeld(1, p);
            Infer.awaitCheckpoint(out, p, 0);
            Infer.signal(p, signal);
            ProcessResult r = Infer.finish(p, 60);

            assertEquals(signal.equals("TERM") ? 143 : 130, r.exitCode(), r.stderr());
            assertTrue(Files.notExists(out), "an interrupted run never leaves a finished-looking file");
            Path partial = dir.resolve(out.getFileName() + ".partial");
            JsonNode cp = JSON.readTree(dir.resolve(out.getFileName() + ".checkpoint").toFile());
            long rows = cp.get("rows_committed").asLong();
            assertTrue(rows > 0 && rows < 4000, "stopped mid-run at " + rows);
            assertEquals(Files.size(partial), cp.get("output_bytes").asLong(), "final checkpoint covers all written rows");
            assertEquals(rows, Files.readAllLines(partial).size());
        }
    }

    @Test
    void killNineMidRunThenResumeGivesTheSameBytes() throws Exception {
        for (String batch : List.of("1", "8")) {
            // A batched run commits whole 1,024-row windows (128 calls of 8): 150 calls finish one window.
            // Vectors, not labels: a batched int8 run's numbers show any change of batch-mates (this corpus
            // repeats row 1,858's text at row 2,360, one window later, which a resumed run once batched anew).
            int rows = batch.equals("1") ? 2000 : 4096;
            int callsPerRun = batch.equals("1") ? 500 : 150;
            Path input = Infer.write(dir, "in-" + batch + ".csv", Corpus.csv(Corpus.texts(rows, 12)));
            Path expected = dir.resolve("expected-" + batch + ".csv");
            assertEquals(0, Infer.run("embed", "--in", input.toString(), "--out", expected.toString(),
                    "--batch-size", batch, "-q").exitCode());

            Path out = dir.resolve("out-" + batch + ".csv");
            long committed = -1;
            for (int kill = 1; kill <= 2; kill++) {
                // Each run is held at a gate some calls past where it resumed, so the kill lands mid-run
                // whatever the machine's speed, after the run checkpointed progress of its own.
                Gate gate = Gate.afterCalls(dir.resolve("gate-" + batch + "-" + kill), callsPerRun);
                Process p = Infer.start(gate, "embed", "--in", input.toString(), "--out",
                        out.toString(), "--batch-size", batch, "--resume", "-q");
                gate.awaitHeld(1, p);
                long now = Infer.awaitCheckpoint(out, p, committed);
                p.destroyForcibly().waitFor(); // SIGKILL: no handler runs
                assertTrue(now < rows, "killed mid-run, at row " + now);
                committed = Infer.committedRows(out);
            }
            ProcessResult last = Infer.run("embed", "--in", input.toString(), "--out",
                    out.toString(), "--batch-size", batch, "--resume", "-q");
            assertEquals(0, last.exitCode(), "the resumed run completes: " + last.stderr());
            assertEquals(-1, Files.mismatch(expected, out), "byte-identical to an uninterrupted run");
            assertTrue(Files.notExists(dir.resolve(out.getFileName() + ".partial")));
            assertTrue(Files.notExists(dir.resolve(out.getFileName() + ".checkpoint")));
        }
    }

    @Test
    void resumeRefusesAChangedRun() throws Exception {
        Path input = Infer.write(dir, "in.csv", Corpus.csv(Corpus.texts(3000, 13)));
        Path out = dir.resolve("out.csv");
        Gate gate = Gate.afterCalls(dir.resolve("gate"), 500);
        Process p = Infer.start(gate, "classify", "--model", "minilm", "--in", input.toString(), "--out", out.toString(),
                "--grace", "1s", "-q");
        gate.awaitHeld(1, p);
        Infer.awaitCheckpoint(out, p, 0);
        Infer.signal(p, "TERM");
        assertEquals(143, Infer.finish(p, 60).exitCode());

        ProcessResult labels = Infer.run("classify", "--model", "minilm", "--in", input.toString(), "--out", out.toString(), "--resume",
                "--labels", "good,bad", "-q");
        assertEquals(2, labels.exitCode(), labels.stderr());
        assertTrue(labels.stderr().contains("--labels changed"), labels.stderr());

        Files.writeString(input, "id,text\n1,changed\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        ProcessResult changed = Infer.run("classify", "--model", "minilm", "--in", input.toString(), "--out", out.toString(), "--resume", "-q");
        assertEquals(2, changed.exitCode(), changed.stderr());
        assertTrue(changed.stderr().contains("input file changed"), changed.stderr());

        ProcessResult stream = Infer.run("classify", "--model", "minilm", "--in", input.toString(), "--resume", "-q");
        assertEquals(2, stream.exitCode());
    }
}
