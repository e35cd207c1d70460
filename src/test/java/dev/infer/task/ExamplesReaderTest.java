package dev.infer.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsCsvAndJsonlAndReportsBadRowsLikeInputRows() throws Exception {
        Path csv = write("train.csv", "text,label\nlove it,pos\nhate it,neg\n\"broken quote,neg\n");
        Path ok = write("ok.csv", "review,y\nlove it,pos\ngreat,pos\nhate it,neg\n,neg\nawful,\nbad,neg\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Examples e = ExamplesReader.read(ok.toString(), "review", "y", new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(List.of("love it", "great", "hate it", "bad"), e.texts());
        assertEquals(Map.of("pos", 2, "neg", 2), e.counts());
        String notes = err.toString(StandardCharsets.UTF_8);
        assertTrue(notes.contains("--examples " + ok + " line 5: empty text; example left out"), notes);
        assertTrue(notes.contains("line 6: empty label"), notes);

        Path jsonl = write("train.jsonl", "{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"b\",\"label\":\"x\"}\n"
                + "{bad json\n{\"text\":\"c\",\"label\":\"y\"}\n{\"text\":\"d\",\"label\":\"y\"}\n{\"text\":\"e\"}\n");
        err.reset();
        Examples j = ExamplesReader.read(jsonl.toString(), "text", "label", new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(4, j.texts().size());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("line 3: malformed JSON"), err.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("line 6: missing label field 'label'"), err.toString());
        refuses(csv, "only one example of label 'pos'");
    }

    @Test
    void refusesFilesThatCannotGiveAHead() throws Exception {
        refuses(write("nolabel.csv", "text,stars\na,1\nb,2\n"), "has no label column 'label' (columns: text, stars);"
                + " name it with --example-label-column");
        refuses(write("notext.csv", "body,label\na,x\nb,y\n"), "(use --example-text-column)");
        refuses(write("empty.csv", "text,label\n"), "has no usable examples");
        refuses(write("zero.csv", ""), "--examples");
        refuses(write("one.csv", "text,label\na,x\nb,x\nc,x\n"), "has only one label ('x'); a head needs at least two");
        refuses(write("single.csv", "text,label\na,x\nb,x\nc,y\n"), "only one example of label 'y'");
        refuses(dir.resolve("missing.csv"), "no such file");
    }

    @Test
    void fingerprintFollowsTextsLabelsAndOrder() {
        Examples a = new Examples("f", List.of("ab", "c"), List.of("x", "y"));
        assertEquals(a.fingerprint(), new Examples("g", List.of("ab", "c"), List.of("x", "y")).fingerprint());
        assertNotEquals(a.fingerprint(), new Examples("f", List.of("a", "bc"), List.of("x", "y")).fingerprint());
        assertNotEquals(a.fingerprint(), new Examples("f", List.of("c", "ab"), List.of("y", "x")).fingerprint());
        assertNotEquals(a.fingerprint(), new Examples("f", List.of("ab", "c"), List.of("x", "x")).fingerprint());
    }

    private void refuses(Path file, String part) {
        ExamplesReader.ExamplesException e = assertThrows(ExamplesReader.ExamplesException.class,
                () -> ExamplesReader.read(file.toString(), "text", "label", null));
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
