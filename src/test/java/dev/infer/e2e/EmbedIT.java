package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infer embed on the real embedded model: shapes, norms, order and batch invariance. */
class EmbedIT {
    @TempDir
    Path dir;

    @Test
    void everyRowGetsAUnitLength384DimensionalVectorInInputOrder() throws Exception {
        List<String> texts = Corpus.texts(120, 1);
        Path in = Infer.write(dir, "in.jsonl", Corpus.jsonl(texts));

        ProcessResult r = Infer.run("embed", "--in", in.toString(), "--quiet");

        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> rows = Json.rows(r.stdout());
        assertEquals(texts.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals(i, row.get("id").asInt(), "row order");
            assertEquals(texts.get(i), row.get("text").asText(), "input fields pass through");
            float[] v = Json.vector(row, "embedding");
            assertEquals(384, v.length);
            assertEquals(1.0, Json.norm(v), 1e-4);
        }
    }

    @Test
    void outputIsByteIdenticalForOneAndManyThreads() throws Exception {
        Path in = Infer.write(dir, "in.csv", Corpus.csv(Corpus.texts(150, 2)));
        ProcessResult one = Infer.run("embed", "--in", in.toString(), "--out-format", "jsonl", "--threads", "1", "-q");
        ProcessResult three = Infer.run("embed", "--in", in.toString(), "--out-format", "jsonl", "--threads", "3", "-q");
        assertEquals(0, one.exitCode(), one.stderr());
        assertEquals(0, three.exitCode(), three.stderr());
        assertEquals(150, one.lines().size());
        assertEquals(one.stdout(), three.stdout());
    }

    @Test
    void batchedOutputIsAlsoIndependentOfThreadCount() throws Exception {
        Path in = Infer.write(dir, "in.csv", Corpus.csv(Corpus.texts(200, 3)));
        ProcessResult one = Infer.run("embed", "--in", in.toString(), "--out-format", "jsonl", "--batch-size", "16",
                "--threads", "1", "-q");
        ProcessResult two = Infer.run("embed", "--in", in.toString(), "--out-format", "jsonl", "--batch-size", "16",
                "--threads", "2", "--queue", "1", "-q");
        assertEquals(0, one.exitCode(), one.stderr());
        assertEquals(one.stdout(), two.stdout());
        List<JsonNode> rows = Json.rows(one.stdout());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).get("id").asInt(), "batched rows come back in input order");
        }
    }

    @Test
    void aRowsEmbeddingIsTheSameAloneAndAmongOtherRows() throws Exception {
        List<String> texts = Corpus.texts(40, 4);
        String target = "The battery died after a week, but support replaced it quickly.";
        texts.set(17, target);
        Path crowd = Infer.write(dir, "crowd.jsonl", Corpus.jsonl(texts));
        Path alone = Infer.write(dir, "alone.jsonl", Corpus.jsonl(List.of(target)));

        ProcessResult a = Infer.run("embed", "--in", alone.toString(), "-q");
        ProcessResult c = Infer.run("embed", "--in", crowd.toString(), "--threads", "2", "-q");

        float[] v1 = Json.vector(Json.rows(a.stdout()).get(0), "embedding");
        float[] v2 = Json.vector(Json.rows(c.stdout()).get(17), "embedding");
        assertTrue(Json.cosine(v1, v2) >= 0.9999, "cosine " + Json.cosine(v1, v2));
    }

    @Test
    void poolingAndNormalizationFlagsChangeTheVector() throws Exception {
        Path in = Infer.write(dir, "in.jsonl", Corpus.jsonl(List.of("A short sentence about coffee.")));
        float[] mean = Json.vector(Json.rows(Infer.run("embed", "--in", in.toString(), "-q").stdout()).get(0), "embedding");
        float[] raw = Json.vector(Json.rows(Infer.run("embed", "--in", in.toString(), "--no-normalize", "-q")
                .stdout()).get(0), "embedding");
        float[] cls = Json.vector(Json.rows(Infer.run("embed", "--in", in.toString(), "--pooling", "cls", "-q")
                .stdout()).get(0), "embedding");
        assertTrue(Math.abs(Json.norm(raw) - 1.0) > 1e-3, "unnormalized norm " + Json.norm(raw));
        assertEquals(1.0, Json.cosine(mean, raw), 1e-5, "same direction, other length");
        assertTrue(Json.cosine(mean, cls) < 0.999, "cls pooling differs from mean pooling");
    }

    /** --dimensions keeps the first N of the full vector, scaled back to unit length; more than the model has is exit 2. */
    @Test
    void dimensionsKeepTheFirstNRenormalized() throws Exception {
        Path in = Infer.write(dir, "dims.jsonl", Corpus.jsonl(List.of("A short sentence about coffee.")));
        float[] full = Json.vector(Json.rows(Infer.run("embed", "--in", in.toString(), "-q").stdout()).get(0), "embedding");
        float[] cut = Json.vector(Json.rows(Infer.run("embed", "--in", in.toString(), "--dimensions", "64", "-q")
                .stdout()).get(0), "embedding");
        assertEquals(64, cut.length);
        double norm = 0;
        for (int d = 0; d < 64; d++) {
            norm += (double) full[d] * full[d];
        }
        for (int d = 0; d < 64; d++) { // the first 64 of the full vector over their own length, in double precision
            assertEquals(full[d] / Math.sqrt(norm), cut[d], 1e-6, "dimension " + d);
        }
        ProcessResult tooMany = Infer.run("embed", "--in", in.toString(), "--dimensions", "385", "-q");
        assertEquals(2, tooMany.exitCode());
        assertTrue(tooMany.stderr().contains("--dimensions is 385, but minilm makes vectors of 384"), tooMany.stderr());
    }

    @Test
    void writesAFileAtomicallyAndLeavesNoPartialFile() throws Exception {
        Path in = Infer.write(dir, "in.csv", Corpus.csv(Corpus.texts(10, 5)));
        Path out = dir.resolve("out.jsonl");
        ProcessResult r = Infer.run("embed", "--in", in.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stdout());
        assertEquals(10, Files.readAllLines(out).size());
        assertTrue(Files.notExists(dir.resolve("out.jsonl.partial")));
        assertTrue(r.stderr().contains("10 rows"), "summary line: " + r.stderr());
    }
}
