package dev.infer.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelPrototypesTest {
    @TempDir
    Path dir;

    @Test
    void plainLabelsUseTheTemplateAndDescribedOnesTheirOwnSentences() {
        LabelPrototypes p = LabelPrototypes.parse("positive=I love it| works great ,negative=I hate it,neutral");
        assertEquals(List.of("positive", "negative", "neutral"), p.labels());
        assertEquals(List.of("I love it", "works great"), p.sentences(0, "About {}."));
        assertEquals(List.of("I hate it"), p.sentences(1, "About {}."));
        assertEquals(List.of("About neutral."), p.sentences(2, "About {}."));
        assertTrue(p.usesTemplate());
        assertFalse(LabelPrototypes.parse("a=x,b=y").usesTemplate());
        assertEquals(List.of("billing", "software bug"), LabelPrototypes.parse("billing, software bug").labels());
    }

    @Test
    void badLabelSpecsAreOneSentence() {
        refuses("only", "needs at least two labels (got 'only')");
        refuses("a,b,a", "has label 'a' twice");
        refuses("a=,b", "gives label 'a' an '=' but no description");
        refuses("=x,b", "a description without a label name");
    }

    @Test
    void labelsFileTakesCommasAndRepeatedLabels() throws Exception {
        Path f = Files.writeString(dir.resolve("labels.txt"), "# sentiment\npositive=Great, really great|Love it\n\n"
                + "negative=Bad, really bad\npositive=Works perfectly\n");
        LabelPrototypes p = LabelPrototypes.readFile(f);
        assertEquals(List.of("positive", "negative"), p.labels());
        assertEquals(List.of("Great, really great", "Love it", "Works perfectly"), p.sentences(0, "{}"));
        LabelPrototypes.LabelSpecException e = assertThrows(LabelPrototypes.LabelSpecException.class,
                () -> LabelPrototypes.readFile(dir.resolve("none.txt")));
        assertEquals("--labels-file " + dir.resolve("none.txt") + " does not exist", e.getMessage());
    }

    private static void refuses(String spec, String part) {
        LabelPrototypes.LabelSpecException e = assertThrows(LabelPrototypes.LabelSpecException.class,
                () -> LabelPrototypes.parse(spec));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
