package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real-world files through the real jar: CSV quirks, stdin pipelines, gzip, name collisions. */
class FormatsIT {
    @TempDir
    Path dir;

    @Test
    void csvWithBomCrlfQuotesAndNewlinesRoundTrips() throws Exception {
        String csv = "\uFEFFid,text,note\r\n"
                + "1,\"Hello, \"\"world\"\"\",plain\r\n"
                + "2,\"two\r\nlines\",\"a,b\"\r\n"
                + "3,caf\u00e9 \uD83D\uDE42,\r\n";
        Path in = dir.resolve("quirks.csv");
        Files.writeString(in, csv, StandardCharsets.UTF_8);

        ProcessResult r = Infer.run("tokenize", "--in", in.toString(), "--out-format", "jsonl", "-q");

        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> rows = Json.rows(r.stdout());
        assertEquals(3, rows.size());
        assertEquals("1", rows.get(0).get("id").asText(), "BOM stripped from the first header name");
        assertEquals("Hello, \"world\"", rows.get(0).get("text").asText());
        assertEquals("two\r\nlines", rows.get(1).get("text").asText());
        assertEquals("a,b", rows.get(1).get("note").asText());
        assertEquals("caf\u00e9 \uD83D\uDE42", rows.get(2).get("text").asText());
        assertEquals("", rows.get(2).get("note").asText());
    }

    @Test
    void csvOutputQuotesWhatNeedsQuoting() throws Exception {
        Path in = Infer.write(dir, "in.csv", "id,text\n1,\"a, \"\"b\"\"\nc\"\n");
        ProcessResult r = Infer.run("tokenize", "--in", in.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("id,text,tokens,truncated,error\n1,\"a, \"\"b\"\"\nc\",8,false,\n", r.stdout());
    }

    @Test
    void stdinToStdoutSniffsJsonl() throws Exception {
        String jsonl = "{\"id\":\"a\",\"text\":\"first\",\"meta\":{\"k\":[1,2]}}\n{\"id\":\"b\",\"text\":\"second\"}\n";
        ProcessResult r = Infer.runWithInput(jsonl.getBytes(StandardCharsets.UTF_8), "embed", "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = r.lines();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"id\":\"a\",\"text\":\"first\",\"meta\":{\"k\":[1,2]},\"embedding\":["),
                "input fields pass through byte for byte: " + lines.get(0).substring(0, 80));
    }

    @Test
    void stdinCsvWithDashAndExplicitFormat() throws Exception {
        ProcessResult r = Infer.runWithInput("text\nhello\n".getBytes(StandardCharsets.UTF_8),
                "tokenize", "--in", "-", "--format", "csv", "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("text,tokens,truncated,error\nhello,3,false,\n", r.stdout());
    }

    @Test
    void gzipInput() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("{\"text\":\"zipped\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Path in = dir.resolve("in.jsonl.gz");
        Files.write(in, bytes.toByteArray());
        ProcessResult r = Infer.run("tokenize", "--in", in.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("{\"text\":\"zipped\",\"tokens\":4,\"truncated\":false}", r.lines().get(0));
    }

    @Test
    void resultFieldsNeverOverwriteInputColumns() throws Exception {
        Path in = Infer.write(dir, "labelled.csv", "text,label\nI love it,old\n");
        ProcessResult r = Infer.run("classify", "--in", in.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("text,label,infer_label,score,error", r.lines().get(0));
        assertTrue(r.lines().get(1).startsWith("I love it,old,positive,"), r.lines().get(1));
    }

    @Test
    void tsvInAndOut() throws Exception {
        Path in = Infer.write(dir, "in.tsv", "id\ttext\n7\thello there\n");
        ProcessResult r = Infer.run("tokenize", "--in", in.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("id\ttext\ttokens\ttruncated\terror\n7\thello there\t4\tfalse\t\n", r.stdout());
    }
}
