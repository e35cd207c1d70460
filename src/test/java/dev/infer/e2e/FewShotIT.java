package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Few-shot heads, the second embedded model and its prefixes, on the real e5-small model (kept to few runs). */
class FewShotIT {
    private static final Path TRAIN = Path.of("samples/eval/tickets-train.csv");

    @TempDir
    Path dir;

    /** Ten held-out tickets, two per intent (the gold label is in 'label', so infer writes 'infer_label'). */
    private Path tickets() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("samples/eval/tickets.csv"));
        StringBuilder csv = new StringBuilder(lines.get(0)).append('\n');
        for (int i : new int[] {1, 2, 12, 13, 23, 24, 34, 35, 45, 46}) {
            csv.append(lines.get(i)).append('\n');
        }
        return Infer.write(dir, "tickets.csv", csv.toString());
    }

    @Test
    void fitSaveReuseAndRefuseAHead() throws Exception {
        Path in = tickets();
        Path head1 = dir.resolve("head1.json");
        Path out1 = dir.resolve("out1.jsonl");
        Path summary = dir.resolve("summary.json");
        ProcessResult fit = Infer.run("classify", "--in", in.toString(), "--out", out1.toString(), "--examples",
                TRAIN.toString(), "--save-head", head1.toString(), "--summary", summary.toString(), "--top-k", "2",
                "--threads", "2");
        assertEquals(0, fit.exitCode(), fit.stderr());
        assertTrue(fit.stderr().contains("few-shot head " + TRAIN + ": 40 examples, 5 labels (billing 8, technical 8,"
                + " account 8, shipping 8, cancellation 8), 5-fold cross-validated accuracy 0."), fit.stderr());
        List<JsonNode> rows = Json.rows(Files.readString(out1));
        assertEquals(10, rows.size());
        int agree = 0;
        for (JsonNode r : rows) {
            agree += r.get("infer_label").asText().equals(r.get("label").asText()) ? 1 : 0;
            assertEquals(2, r.get("top_k").size());
            assertEquals(r.get("score").asDouble(), r.get("top_k").get(0).get("score").asDouble(), 1e-9);
        }
        assertTrue(agree >= 9, agree + " of 10 tickets");
        JsonNode s = new ObjectMapper().readTree(summary.toFile()).get("few_shot");
        assertEquals(40, s.get("examples").asInt());
        assertEquals(8, s.get("per_label").get("shipping").asInt());
        assertTrue(s.get("cv_accuracy").asDouble() >= 0.8, s.toString());
        JsonNode head = new ObjectMapper().readTree(head1.toFile());
        assertEquals("e5-small", head.get("model").get("name").asText());
        assertEquals("query: ", head.get("prefix").asText());
        assertEquals(5, head.get("weights").size());
        assertEquals(384, head.get("weights").get(0).size());

        // Same examples, another thread count: the same head, byte for byte, and the same output.
        Path head2 = dir.resolve("head2.json");
        Path out2 = dir.resolve("out2.jsonl");
        ProcessResult again = Infer.run("classify", "--in", in.toString(), "--out", out2.toString(), "--examples",
                TRAIN.toString(), "--save-head", head2.toString(), "--top-k", "2", "--threads", "1", "-q");
        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(-1, Files.mismatch(head1, head2), "deterministic fit");
        assertEquals(-1, Files.mismatch(out1, out2));

        // The saved head labels the rows exactly as the fit did, without the examples.
        Path out3 = dir.resolve("out3.jsonl");
        ProcessResult reuse = Infer.run("classify", "--in", in.toString(), "--out", out3.toString(), "--head",
                head1.toString(), "--top-k", "2", "-q");
        assertEquals(0, reuse.exitCode(), reuse.stderr());
        assertEquals(-1, Files.mismatch(out1, out3));

        CliIT.assertUsageError(Infer.run("classify", "--in", in.toString(), "--head", head1.toString(), "--model",
                "minilm"), "infer: --head " + head1 + " was fitted on model 'e5-small', not on 'minilm'; use --model"
                + " e5-small or fit a new head with --examples\n");
    }

    @Test
    void badExamplesFilesAndOptionMixesStopBeforeAnyRow() throws Exception {
        Path in = Infer.write(dir, "in.csv", "text\nhello\n");
        Path noLabel = Infer.write(dir, "nolabel.csv", "text,intent\na,x\nb,x\nc,y\nd,y\n");
        ProcessResult r = Infer.run("classify", "--in", in.toString(), "--examples", noLabel.toString());
        CliIT.assertUsageError(r, "infer: --examples " + noLabel + " has no label column 'label' (columns: text,"
                + " intent); name it with --example-label-column\n");
        Path lonely = Infer.write(dir, "lonely.csv", "text,label\na,x\nb,x\nc,y\n");
        CliIT.assertUsageError(Infer.run("classify", "--in", in.toString(), "--examples", lonely.toString()),
                "only one example of label 'y'; every label needs at least two");
        CliIT.assertUsageError(Infer.run("classify", "--in", in.toString(), "--examples", noLabel.toString(),
                "--example-label-column", "intent", "--labels", "a,b"), "--labels is for zero-shot classification");
        CliIT.assertUsageError(Infer.run("classify", "--in", in.toString(), "--save-head", "h.json"),
                "--save-head writes the head fitted on examples; it needs an examples file");
    }

    @Test
    void modelListShowsBothModelsAndTheirDefaults() throws Exception {
        ProcessResult text = Infer.run("model", "list");
        assertEquals(0, text.exitCode(), text.stderr());
        assertTrue(text.stdout().matches("(?s).*minilm .*all-MiniLM-L6-v2.* 384 +256 English +Apache-2.0 +embed,"
                + " tokenize\n.*"), text.stdout());
        assertTrue(text.stdout().matches("(?s).*e5-small .*e5-small-v2.* 384 +512 English +MIT +classify\n.*"),
                text.stdout());
        JsonNode json = new ObjectMapper().readTree(Infer.run("model", "list", "--json").stdout());
        assertEquals(2, json.size());
        assertEquals("e5-small", json.get(1).get("name").asText());
        assertTrue(json.get(1).get("size_bytes").asLong() > 30_000_000);
        assertEquals("classify", json.get(1).get("default_for").get(0).asText());
    }

    @Test
    void e5EmbedsWithItsQueryPrefixAndZeroShotTakesDescriptions() throws Exception {
        Path in = Infer.write(dir, "in.jsonl", "{\"text\":\"I love it, works great\"}\n"
                + "{\"text\":\"It broke after a day and the seller ignored me\"}\n");
        ProcessResult byDefault = Infer.run("embed", "--in", in.toString(), "--model", "e5-small", "-q");
        ProcessResult explicit = Infer.run("embed", "--in", in.toString(), "--model", "e5-small", "--prefix",
                "query: ", "--max-length", "64", "-q");
        assertEquals(0, byDefault.exitCode(), byDefault.stderr());
        assertEquals(byDefault.stdout(), explicit.stdout(), "the default prefix is 'query: '");
        assertEquals(384, Json.vector(Json.rows(byDefault.stdout()).get(0), "embedding").length);

        ProcessResult zs = Infer.run("classify", "--in", in.toString(), "--labels",
                "good=I am happy with it|It works well,bad=I am unhappy with it|It stopped working", "-q");
        assertEquals(0, zs.exitCode(), zs.stderr());
        List<JsonNode> rows = Json.rows(zs.stdout());
        assertEquals("good", rows.get(0).get("label").asText());
        assertEquals("bad", rows.get(1).get("label").asText());
    }
}
