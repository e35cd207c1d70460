package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unattended runs, where nobody watches: closed pipes, full devices, FIFOs, checks before the model
 * loads, honest exit codes, wrong formats and gzip output, on the real jar.
 */
class UnattendedIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path jsonl(String name, int rows) throws Exception {
        StringBuilder b = new StringBuilder();
        List<String> texts = Corpus.texts(rows, 7);
        for (int i = 0; i < rows; i++) {
            b.append("{\"id\":").append(i).append(",\"text\":\"").append(texts.get(i)).append("\"}\n");
        }
        return Infer.write(dir, name, b.toString());
    }

    @Test
    void aClosedPipeStopsTheRunAtOnceWithExit141() throws Exception {
        // The input never ends while this test holds it open: the run can only end because head left.
        Process p = Infer.startShell(dir, "set -o pipefail\ninfer embed | head -3 > first.jsonl\n"
                + "echo \"status=$?\" >&2\n");
        CompletableFuture<Void> endlessInput = CompletableFuture.runAsync(() -> {
            List<String> texts = Corpus.texts(100, 7);
            try (var in = p.getOutputStream()) {
                for (long i = 0; ; i++) {
                    in.write(("{\"id\":" + i + ",\"text\":\"" + texts.get((int) (i % 100)) + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                // the shell and infer are gone: nobody reads any more
            }
        });
        ProcessResult r = Infer.finish(p, 240);
        endlessInput.get(60, TimeUnit.SECONDS);
        assertTrue(r.stderr().contains("status=141"), r.stderr());
        assertEquals(1, r.stderr().lines().count(), "nothing alarming, no stack trace: " + r.stderr());
        assertEquals(3, Files.readAllLines(dir.resolve("first.jsonl")).size());
    }

    @Test
    void writeFailuresOnEveryOutputNameTheFileAndExit1() throws Exception {
        Infer.write(dir, "in.csv", "id,text\n1,fine\n2,\"broken\n3,also fine\n");
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "infer tokenize --in in.csv -q > /dev/full; echo \"stdout=$?\" >&2",
                "infer tokenize --in in.csv -q --out /dev/full; echo \"out=$?\" >&2",
                "infer tokenize --in in.csv -q --out ok.csv --errors /dev/full; echo \"errors=$?\" >&2",
                "infer tokenize --in in.csv -q --out sum.csv --summary /dev/full; echo \"summary=$?\" >&2",
                "ls sum.csv.partial sum.csv.checkpoint >&2 && infer tokenize --in in.csv -q --out sum.csv --resume;"
                        + " echo \"resumed=$?\" >&2",
                "mkdir -p cp.csv.checkpoint/blocker && infer tokenize --in in.csv -q --out cp.csv;"
                        + " echo \"checkpoint=$?\" >&2"));
        String err = r.stderr();
        assertTrue(err.contains("infer: cannot write standard output: no space left on device\nstdout=1"), err);
        assertTrue(err.contains("infer: cannot write '/dev/full': no space left on device\nout=1"), err);
        assertTrue(err.contains("infer: cannot write '/dev/full': no space left on device\nerrors=1"), err);
        assertTrue(err.contains("infer: cannot write summary file '/dev/full': no space left on device\nsummary=1"), err);
        assertTrue(err.contains("resumed=0"), "the .partial and checkpoint left by the failed summary resume: " + err);
        assertEquals(4, Files.readAllLines(dir.resolve("sum.csv")).size(), "header and three rows");
        assertTrue(err.contains("infer: cannot write checkpoint '"), err);
        assertTrue(err.contains("checkpoint=1"), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(Files.isRegularFile(Path.of("/dev/full")), "the device node is never replaced");
    }

    @Test
    void aFullFilesystemFailsTheRunAndTheResumeFinishesOnceThereIsRoom() throws Exception {
        StringBuilder csv = new StringBuilder("id,text\n");
        List<String> texts = Corpus.texts(3000, 3);
        for (int i = 0; i < texts.size(); i++) {
            csv.append(i).append(",\"").append(texts.get(i)).append("\"\n");
        }
        Infer.write(dir, "rows.csv", csv.toString());
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "mkdir small && mount -t tmpfs -o size=2m tmpfs small 2>/dev/null || { echo no-mount >&2; exit 0; }",
                "trap 'umount small' EXIT",
                "head -c 1900000 /dev/zero > small/filler",
                "infer tokenize --in rows.csv -q --out small/out.csv; echo \"full=$?\" >&2",
                "rm small/filler",
                "infer tokenize --in rows.csv -q --out small/out.csv --resume; echo \"resumed=$?\" >&2",
                "infer tokenize --in rows.csv -q > fresh.csv",
                "cmp small/out.csv fresh.csv && echo same >&2"));
        org.junit.jupiter.api.Assumptions.assumeFalse(r.stderr().contains("no-mount"),
                "this machine does not let the test mount a small tmpfs");
        assertTrue(r.stderr().contains("infer: cannot write 'small/out.csv.partial': no space left on device\nfull=1"),
                r.stderr());
        assertTrue(r.stderr().contains("resumed=0"), r.stderr());
        assertTrue(r.stderr().contains("same"), "the resumed output equals a fresh run's: " + r.stderr());
    }

    @Test
    void fifosAndDevicesAreWrittenInPlace() throws Exception {
        Infer.write(dir, "in.csv", "text\nhello there\n");
        Path fifo = dir.resolve("out.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        ProcessResult toFifo = Infer.run("tokenize", "--in", dir.resolve("in.csv").toString(), "--out", fifo.toString(), "-q");
        assertEquals(0, toFifo.exitCode(), toFifo.stderr());
        assertEquals("text,tokens,truncated,error\nhello there,4,false,\n", reader.get(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still a FIFO");
        assertFalse(Files.exists(dir.resolve("out.fifo.partial")));

        ProcessResult resume = Infer.run("tokenize", "--in", dir.resolve("in.csv").toString(), "--out", fifo.toString(),
                "--resume");
        assertEquals(2, resume.exitCode());
        assertTrue(resume.stderr().contains("--resume needs --out to be a regular file"), resume.stderr());

        ProcessResult devStdout = Infer.shell(dir, "infer tokenize --in in.csv -q --out /dev/stdout | cat\n"
                + "infer tokenize -q --out from-stdin.csv < in.csv; echo \"stdin-to-file=$?\" >&2");
        assertEquals("hello there,4,false,", devStdout.lines().get(1));
        assertTrue(devStdout.stderr().contains("stdin-to-file=0"), "stdin into a file needs no fingerprint: "
                + devStdout.stderr());
        assertEquals("text,tokens,truncated,error\nhello there,4,false,\n", Files.readString(dir.resolve("from-stdin.csv")));
    }

    @Test
    void everyRunLeavesItsOwnSummaryNeverTheLastGoodOne() throws Exception {
        Infer.write(dir, "in.csv", "id,text\n1,fine\n2,\"broken\n3,also fine\n");
        Infer.write(dir, "good.csv", "id,text\n1,fine\n");
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "s() { tr -d ' \\n' < s.json | grep -o '\"exit_code\":[0-9]*,\"completed\":[a-z]*' >&2; }",
                "infer tokenize --in good.csv -q --out good-out.csv --summary s.json; s",
                "infer tokenize --in in.csv -q --out o.csv --on-error fail --summary s.json; echo \"fail=$?\" >&2; s",
                "infer tokenize --in good.csv -q --out good-out.csv --summary s.json; s",
                "infer tokenize --in in.csv -q --out o.csv --max-errors 0 --summary s.json; echo \"max=$?\" >&2; s",
                "infer tokenize --in good.csv -q --out good-out.csv --summary s.json; s",
                "infer tokenize --in good.csv -q --summary s.json > /dev/full; echo \"full=$?\" >&2; s",
                "grep -o 'cannot write standard output: no space left on device' s.json >&2",
                "infer tokenize --in good.csv -q --out good-out.csv --resume --summary s.json; echo \"again=$?\" >&2",
                "grep -o '\"reason\" : \"nothing to resume: good-out.csv is already complete' s.json >&2",
                "mkdir ro && mount -t tmpfs -o ro,size=1m tmpfs ro 2>/dev/null || { echo no-mount >&2; exit 0; }",
                "trap 'umount ro' EXIT",
                "infer tokenize --in good.csv --out o2.csv --summary ro/s.json; echo \"ro=$?\" >&2",
                "ls o2.csv.partial 2>/dev/null >&2"));
        List<String> lines = r.stderr().lines().toList();
        List<String> expected = new java.util.ArrayList<>(List.of(
                "\"exit_code\":0,\"completed\":true",
                "infer: row at line 3 failed: unterminated quoted field", "fail=1",
                "\"exit_code\":1,\"completed\":false",
                "\"exit_code\":0,\"completed\":true"));
        assertEquals(expected, lines.subList(0, expected.size()), r.stderr());
        String err = r.stderr();
        assertTrue(err.contains("max=1\n\"exit_code\":1,\"completed\":false\n\"exit_code\":0,"), err);
        assertTrue(err.contains("full=1\n\"exit_code\":1,\"completed\":false\n"
                + "cannot write standard output: no space left on device\n"), err);
        assertTrue(err.contains("again=0\n\"reason\" : \"nothing to resume: good-out.csv is already complete"), err);
        org.junit.jupiter.api.Assumptions.assumeFalse(err.contains("no-mount"),
                "this machine does not let the test mount a read-only tmpfs");
        assertTrue(err.endsWith("infer: --summary 'ro/s.json': folder " + dir.resolve("ro") + " is not writable\nro=2\n"),
                "caught before the first row, nothing started: " + err);
    }

    @Test
    void aForgottenInUnderCronSaysSo() throws Exception {
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "infer tokenize -q < /dev/null > null.csv; echo \"null=$?\" >&2",
                "printf '' | infer tokenize -q > pipe.csv; echo \"pipe=$?\" >&2"));
        assertEquals(List.of("infer: warning: no rows: standard input is /dev/null, not a pipe (forgot --in FILE?)",
                "null=0", "pipe=0"), r.stderr().lines().toList(), "an empty pipe is another process's business");
    }

    @Test
    void anOutputThatIsASymlinkIsWrittenThroughNeverReplaced() throws Exception {
        Infer.write(dir, "in.csv", "text\nhello there\n");
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "mkdir real && ln -s real/labeled.csv link.csv",
                "infer tokenize --in in.csv -q --out link.csv; echo \"status=$?\" >&2",
                "test -L link.csv && echo still-a-link >&2",
                "ls real >&2"));
        assertEquals(List.of("status=0", "still-a-link", "labeled.csv", "labeled.csv.origin"),
                r.stderr().lines().toList());
        assertEquals("text,tokens,truncated,error\nhello there,4,false,\n",
                Files.readString(dir.resolve("real/labeled.csv")));
    }

    @Test
    void fileMistakesAreUsageErrorsBeforeTheModelLoads() throws Exception {
        Infer.write(dir, "in.csv", "text\nhello\n");
        Files.createDirectory(dir.resolve("folder"));
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "infer classify --in in.csv --summary missing/s.json; echo \"status=$?\" >&2",
                "infer classify --in in.csv --errors missing/e.jsonl; echo \"status=$?\" >&2",
                "infer classify --in in.csv --out folder; echo \"status=$?\" >&2",
                "infer classify --in in.csv --out ./in.csv; echo \"status=$?\" >&2",
                "infer classify --in in.csv --out o.csv --errors o.csv; echo \"status=$?\" >&2"));
        List<String> lines = r.stderr().lines().toList();
        assertEquals(List.of(
                "infer: --summary 'missing/s.json': folder " + dir.resolve("missing") + " does not exist", "status=2",
                "infer: --errors 'missing/e.jsonl': folder " + dir.resolve("missing") + " does not exist", "status=2",
                "infer: --out 'folder' is a directory; name a file (e.g. folder/out.csv)", "status=2",
                "infer: --in and --out name the same file './in.csv'; give each its own file", "status=2",
                "infer: --out and --errors name the same file 'o.csv'; give each its own file", "status=2"), lines);
        assertEquals("text\nhello\n", Files.readString(dir.resolve("in.csv")), "the input is untouched");
    }

    @Test
    void exitCodesAndFormatsTellTheTruth() throws Exception {
        Infer.write(dir, "semi.csv", "id;text\n1;bonjour\n2;merci\n");
        Infer.write(dir, "comma.csv", "id,text\n1,hello\n");
        Infer.write(dir, "only-ids.jsonl", "{\"id\":1,\"text\":5}\n{\"id\":2,\"text\":6}\n");
        Infer.write(dir, "mixed.jsonl", "{\"id\":1,\"text\":5}\n{\"id\":2,\"text\":\"fine\"}\n");
        jsonl("rows.jsonl", 3);
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "infer tokenize --in semi.csv -q; echo \"semi=$?\" >&2",
                "infer tokenize --in semi.csv -q --delimiter ';' > semi-out.csv; echo \"delimited=$?\" >&2",
                "infer tokenize --in comma.csv -q --format tsv; echo \"tsv=$?\" >&2",
                "infer tokenize --in rows.jsonl -q --format csv; echo \"jsonl-as-csv=$?\" >&2",
                "infer tokenize --in comma.csv -q --format jsonl; echo \"csv-as-jsonl=$?\" >&2",
                "infer tokenize --in only-ids.jsonl -q > /dev/null; echo \"all-failed=$?\" >&2",
                "infer tokenize --in mixed.jsonl -q > /dev/null; echo \"some-failed=$?\" >&2"));
        String err = r.stderr();
        assertTrue(err.contains("infer: semi.csv looks ';'-separated (its header has no commas but ';'); use --delimiter ';'\nsemi=2"), err);
        assertTrue(err.contains("\ndelimited=0"), err);
        assertEquals(List.of("id,text,tokens,truncated,error", "1,bonjour,5,false,", "2,merci,4,false,"),
                Files.readAllLines(dir.resolve("semi-out.csv")));
        assertTrue(err.contains("infer: comma.csv looks comma-separated (its header has commas but no tabs); use --format csv\ntsv=2"), err);
        assertTrue(err.contains("infer: rows.jsonl looks like JSON Lines (its first line starts with '{'), not CSV; use --format jsonl\njsonl-as-csv=2"), err);
        assertTrue(err.contains("comma.csv does not look like JSON Lines"), err);
        assertTrue(err.contains("\ncsv-as-jsonl=2"), err);
        assertTrue(err.contains("infer: every row failed (2); the first: line 1: text field 'text' is a number, not a string\nall-failed=1"), err);
        assertTrue(err.contains("\nsome-failed=3"), err);
    }

    @Test
    void gzipOutputRoundTripsAndATruncatedGzipInputFailsAfterItsGoodRows() throws Exception {
        jsonl("rows.jsonl", 40);
        StringBuilder big = new StringBuilder("id,text\n");
        for (int i = 0; i < 30_000; i++) {
            big.append(i).append(",row ").append(i * 7919L % 100_003).append('\n');
        }
        Infer.write(dir, "big.csv", big.toString());
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "infer tokenize --in rows.jsonl -q --out out.jsonl.gz; echo \"gz=$?\" >&2",
                "gzip -t out.jsonl.gz && echo gzip-ok >&2",
                "infer tokenize --in out.jsonl.gz -q --out-format csv -c text > back.csv; echo \"back=$?\" >&2",
                "infer tokenize --in rows.jsonl -q --out-format csv --out as-csv.gz; echo \"csvgz=$?\" >&2",
                "gzip -c big.csv | head -c 60000 > cut.csv.gz",
                "infer tokenize --in cut.csv.gz -q --out cut.csv; echo \"cut=$?\" >&2"));
        String err = r.stderr();
        assertTrue(err.contains("gz=0\ngzip-ok\nback=0"), err);
        List<String> back = Files.readAllLines(dir.resolve("back.csv"));
        assertEquals(41, back.size());
        assertTrue(back.get(0).startsWith("id,text,tokens,truncated,infer_tokens"), back.get(0));
        assertTrue(err.contains("csvgz=0"), err);
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("as-csv.gz")))) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("id,text,tokens,truncated,error\n0,"));
        }
        assertTrue(err.contains("the gzip data is corrupt or truncated"), err);
        assertTrue(err.contains("\ncut=1"), "an I/O failure, not a usage error: " + err);
        List<String> good = Files.readAllLines(dir.resolve("cut.csv.partial"));
        assertTrue(good.size() > 1000, "the rows before the cut are written: " + good.size());
        for (int i = 1; i < good.size(); i++) {
            assertTrue(good.get(i).startsWith((i - 1) + ",row "), good.get(i));
        }
    }

    @Test
    void jsonlEdgesNeverFailTheRunAndNothingIsDroppedSilently() throws Exception {
        String huge = "{\"text\":\"b\",\"n\":1e9999999999}";
        String digits = "{\"text\":\"c\",\"n\":" + "7".repeat(1200) + "}";
        Infer.write(dir, "edges.jsonl", "{\"text\":\"a\",\"n\":1}\n" + huge + "\n" + digits + "\n"
                + "{\"text\":\"lone \\ud800 here\"}\n{\"text\":\"d\",\"extra\":true}\n");
        Infer.write(dir, "long.csv", "id,text\n1,hello,surplus,more\n2,fine\n");
        ProcessResult r = Infer.shell(dir, String.join("\n",
                "infer tokenize --in edges.jsonl -q > out.jsonl; echo \"jsonl=$?\" >&2",
                "infer tokenize --in edges.jsonl --out out.csv --summary s.json 2> csv.err; echo \"csv=$?\" >&2",
                "infer tokenize --in long.csv -q --errors e.jsonl > /dev/null; echo \"long=$?\" >&2"));
        String err = r.stderr();
        assertTrue(err.contains("jsonl=3"), "one row failed (the lone surrogate), the run went on: " + err);
        List<String> out = Files.readAllLines(dir.resolve("out.jsonl"));
        assertEquals(5, out.size());
        assertTrue(out.get(1).startsWith(huge.substring(0, huge.length() - 1) + ",\"tokens\":"), "byte for byte: " + out.get(1));
        assertTrue(out.get(2).startsWith(digits.substring(0, digits.length() - 1) + ",\"tokens\":"), out.get(2));
        assertTrue(out.get(3).contains("\"error\":\"line 4: field 'text' holds a lone surrogate (\\\\ud800), which is not valid Unicode\""),
                out.get(3));

        assertTrue(err.contains("csv=3"), err);
        List<String> csv = Files.readAllLines(dir.resolve("out.csv"));
        assertEquals("b,1e9999999999,3,false,", csv.get(2));
        assertTrue(csv.get(4).startsWith("lone \ufffd here,,,,"), "never a silent '?': " + csv.get(4));
        String note = Files.readString(dir.resolve("csv.err"));
        assertEquals(1, note.lines().filter(l -> l.contains("fields the first JSON object lacks")).count(), note);
        assertTrue(note.contains("infer: 1 row had fields the first JSON object lacks (extra)"), note);
        JsonNode s = json(dir.resolve("s.json"));
        assertEquals(1, s.get("rows_with_dropped_fields").asInt());
        assertEquals("extra", s.get("dropped_fields").get(0).asText());

        assertTrue(err.contains("long=3"), err);
        JsonNode rejected = JSON.readTree(Files.readAllLines(dir.resolve("e.jsonl")).get(0));
        assertEquals("surplus", rejected.get("extra_values").get(0).asText());
        assertEquals("more", rejected.get("extra_values").get(1).asText());
    }

    @Test
    void ctrlCWithTheProgressBarOnATerminalStopsGracefully() throws Exception {
        jsonl("big.jsonl", 5_000);
        Path out = dir.resolve("out.jsonl");
        // Held at a gate mid-run, so the run is still going when Ctrl-C comes; the gate never opens, and the
        // held calls are cancelled when the grace period runs out.
        Gate gate = Gate.afterCalls(dir.resolve("gate"), 300);
        List<String> cmd = new java.util.ArrayList<>(Infer.hookedCommand("embed", "--in", "big.jsonl", "--out",
                "out.jsonl", "--summary", "s.json", "--grace", "1s"));
        cmd.add(1, "-Dinfer.stderr.tty=true"); // as the launcher says when stderr is a terminal
        // script(1) runs infer on a pseudo-terminal; a 0x03 byte typed into it is Ctrl-C for the line discipline.
        ProcessBuilder pb = new ProcessBuilder("script", "-qefc",
                String.join(" ", cmd.stream().map(Infer::quote).toList()), "/dev/null");
        pb.directory(dir.toFile());
        Infer.offlineEnvironment(pb.environment());
        gate.configure(pb.environment());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        CompletableFuture<String> screen = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Path checkpoint = dir.resolve("out.jsonl.checkpoint");
        gate.awaitHeld(1, p);
        Infer.awaitCheckpoint(out, p, 0); // mid-run, so the bar is on screen
        p.getOutputStream().write(3);
        p.getOutputStream().flush();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped within the grace period");
        String shown = screen.get(10, TimeUnit.SECONDS);
        assertEquals(130, p.exitValue(), shown);
        assertTrue(shown.contains("embed "), "the bar was on screen: " + shown);
        assertTrue(shown.contains("; stopped early after "), "the final line: " + shown);
        JsonNode s = json(dir.resolve("s.json"));
        assertEquals(130, s.get("exit_code").asInt());
        assertEquals(s.get("rows_committed").asLong(), json(checkpoint).get("rows_committed").asLong(),
                "the checkpoint covers every row written");
        assertTrue(Files.exists(dir.resolve("out.jsonl.partial")) && Files.notExists(out));
    }

    static JsonNode json(Path p) throws Exception {
        return JSON.readTree(p.toFile());
    }
}
