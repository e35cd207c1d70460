package dev.infer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fast checks of the benchmark harness (no model is loaded). */
class BenchHarnessTest {

    @TempDir
    Path tmp;

    private static String corpus(long seed, int rows) throws IOException {
        StringWriter w = new StringWriter();
        new CorpusGenerator(seed).write(w, rows);
        return w.toString();
    }

    @Test
    void goalsReportPutsEachCaseBesideItsGoalWithItsRoundsOwnRatios() throws Exception {
        GoalsBench g = new GoalsBench();
        g.parse(new String[] {"--work", tmp.toString(), "--infer", "scripts/infer", "--rounds", "2", "--rows", "20000"});
        for (double[] r : new double[][] {{60, 2}, {64, 1.6}}) {
            g.addSample("cache-cold", new GoalsBench.Sample(r[0], r[0], 0, null));
            g.addSample("cache-warm", new GoalsBench.Sample(r[1], r[1], 0, null));
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String name : List.of("infer", "node")) {
            for (int c : new int[] {4, 16}) {
                g.addServeLine(name, json.readTree("{\"concurrency\":" + c + ",\"requests_per_s\":"
                        + (name.equals("infer") ? 220 : 200) + ",\"p50_ms\":10,\"p99_ms\":40,\"health_p99_ms\":3}"));
            }
        }
        String report = g.report("0.1 0.1 0.1", "0.2 0.2 0.2");
        assertTrue(report.contains("| --cache warm vs cold, 20,000 rows | 34.4x | [30.0, 40.0] | >= 30x | met | cold 62.0 / warm 1.80 s |"), report);
        assertTrue(report.contains("| serve at concurrency 16 vs the Node service | 1.10x | [1.10] | >= 1.1x | met |"),
                report);
        assertTrue(report.contains("infer /health p99 3.00 ms"), report);
        assertTrue(report.contains("load average before 0.1 0.1 0.1"), report);
        assertFalse(report.contains("fp32") || report.contains("5% new"), "a case that did not run has no line");
        assertEquals(3.0, GoalsBench.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.0, GoalsBench.median(List.of(1.0, 3.0, Double.NaN)));
    }

    @Test
    void corpusIsDeterministicPerSeed() throws IOException {
        String a = corpus(7, 300);
        assertEquals(a, corpus(7, 300));
        assertFalse(a.equals(corpus(8, 300)));
        assertTrue(a.startsWith("id,rating,text\n"));
        // A prefix of a longer corpus is the shorter corpus: rows are drawn one after another.
        assertTrue(corpus(7, 400).startsWith(a));
    }

    @Test
    void corpusParsesAsCsvWithTheTrickyCharacters() throws IOException {
        Path f = tmp.resolve("c.csv");
        Files.writeString(f, corpus(42, 2000), StandardCharsets.UTF_8);
        List<String> texts = BenchModel.readTexts(f, "text", 0);
        assertEquals(2000, texts.size());
        assertTrue(texts.stream().anyMatch(t -> t.contains(",")));
        assertTrue(texts.stream().anyMatch(t -> t.contains("\"")));
        assertTrue(texts.stream().anyMatch(t -> t.contains("\n")));
        assertTrue(texts.stream().anyMatch(t -> t.matches("(?s).*[éèüñåç].*")));
        assertTrue(texts.stream().anyMatch(t -> t.codePoints().anyMatch(c -> c > 0xFFFF)), "emoji");
        long longOnes = texts.stream().filter(t -> t.split("\\s+").length > 200).count();
        assertTrue(longOnes > 10 && longOnes < 200, "a long tail of a few percent: " + longOnes);
        double meanWords = texts.stream().mapToInt(t -> t.split("\\s+").length).average().orElse(0);
        assertTrue(meanWords > 35 && meanWords < 80, "mean words " + meanWords);
        assertEquals(500, BenchModel.readTexts(f, "text", 500).size());
    }

    @Test
    void csvQuoting() {
        assertEquals("plain", CorpusGenerator.csvField("plain"));
        assertEquals("\"a, b\"", CorpusGenerator.csvField("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", CorpusGenerator.csvField("say \"hi\""));
        assertEquals("\"two\nlines\"", CorpusGenerator.csvField("two\nlines"));
    }

    @Test
    void layouts() {
        assertEquals(new CeilingBench.Layout(2, 1, true), CeilingBench.Layout.parse("2x1"));
        assertEquals(new CeilingBench.Layout(1, 2, false), CeilingBench.Layout.parse("1x2-nospin"));
        assertEquals("1x2-nospin", CeilingBench.Layout.parse("1X2-NOSPIN").name());
    }

    @Test
    void sortedByLengthIsStable() {
        BenchModel.Row[] rows = {
            new BenchModel.Row(0, new long[3], new long[3], new long[3]),
            new BenchModel.Row(1, new long[1], new long[1], new long[1]),
            new BenchModel.Row(2, new long[3], new long[3], new long[3]),
            new BenchModel.Row(3, new long[2], new long[2], new long[2]),
        };
        assertArrayEquals(new int[] {1, 3, 0, 2}, CeilingBench.sortedByLength(rows));
        assertEquals(2.5, CeilingBench.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertEquals(2.0, CeilingBench.median(List.of(3.0, 1.0, 2.0)));
    }

    @Test
    void embeddingDrift() throws IOException {
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        Files.writeString(a, "{\"id\":\"1\",\"embedding\":[1,0]}\n{\"id\":\"2\",\"embedding\":[0,1]}\n");
        Files.writeString(b, "{\"id\":\"1\",\"embedding\":[2,0]}\n{\"id\":\"2\",\"embedding\":[1,1]}\n");
        assertEquals("embed", DriftReport.detect(a, "embedding", "label"));
        DriftReport.Drift d = DriftReport.compare(a, b, "embed", "embedding", "label");
        assertEquals(2, d.rows());
        assertEquals((1 + Math.sqrt(0.5)) / 2, d.meanCosine(), 1e-9);
        assertEquals(Math.sqrt(0.5), d.minCosine(), 1e-9);
        assertEquals(2, d.minRow());
        assertEquals(1, d.under099());
        assertEquals(null, d.error());

        Files.writeString(b, "{\"id\":\"1\",\"embedding\":[2,0]}\n");
        assertNotNull(DriftReport.compare(a, b, "embed", "embedding", "label").error());
        Files.writeString(b, "{\"id\":\"9\",\"embedding\":[2,0]}\n{\"id\":\"2\",\"embedding\":[1,1]}\n");
        assertEquals(1, DriftReport.compare(a, b, "embed", "embedding", "label").idMismatches());
    }

    @Test
    void labelAgreement() throws IOException {
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        Files.writeString(a, "{\"label\":\"positive\"}\n{\"label\":\"negative\"}\n{\"label\":\"positive\"}\n"
                + "{\"label\":\"negative\"}\n");
        Files.writeString(b, "{\"label\":\"positive\"}\n{\"label\":\"positive\"}\n{\"label\":\"positive\"}\n\n"
                + "{\"label\":\"negative\"}\n");
        assertEquals("classify", DriftReport.detect(a, "embedding", "label"));
        DriftReport.Drift d = DriftReport.compare(a, b, "classify", "embedding", "label");
        assertEquals(4, d.rows());
        assertEquals(0.75, d.agreement(), 1e-12);
        assertEquals(1L, d.disagreements().get("negative->positive"));
    }

    @Test
    void ratiosPairRunsWithTheCeilingOfTheSameRepeat() {
        List<BenchReport.Run> ceil = List.of(run(1, 200), run(2, 100), run(3, 180));
        List<BenchReport.Run> cli = List.of(run(1, 180), run(2, 95), run(3, 90));
        // per repeat: 0.9, 0.95, 0.5 -> median 0.9
        assertEquals(0.9, BenchReport.ratio(cli, ceil), 1e-12);
    }

    private static BenchReport.Run run(int repeat, double rps) {
        return new BenchReport.Run(repeat, rps, rps, Double.NaN, Double.NaN, -1, null);
    }
}
