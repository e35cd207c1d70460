package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** infer's straight-to-native encode gives exactly what DJL's own encode gives. */
class TextTokenizerTest {
    private static final List<String> TEXTS = List.of("hi", "", "   ", "The AIR fryer is PERFECT. Works after 12 weeks!",
            "İstanbul'da ılık bir gün", "ünïcödé, emoji 🙂 and numbers 98765", "tab\there\nnew line",
            "a lone surrogate \uD800 stays text", "word ".repeat(600));

    @Test
    void sameIdsTypesAndTruncationAsDjlForEveryEmbeddedTokenizer() throws Exception {
        for (EmbeddedModel em : EmbeddedModels.all()) {
            for (int maxLength : new int[] {8, em.maxLength()}) {
                for (Boolean lowerCase : new Boolean[] {null, Boolean.TRUE}) {
                    try (TextTokenizer t = TextTokenizer.load(
                            () -> TextTokenizerTest.class.getResourceAsStream("/" + em.tokenizerResource()),
                            maxLength, lowerCase)) {
                        for (String text : TEXTS) {
                            String where = em.name() + " max " + maxLength + " lower " + lowerCase + ": " + text;
                            Encoded lean = t.encode(text);
                            Encoded djl = t.encodeThroughDjl(text);
                            assertArrayEquals(djl.ids(), lean.ids(), where);
                            assertArrayEquals(djl.typeIds(), lean.typeIds(), where);
                            assertEquals(djl.truncated(), lean.truncated(), where);
                        }
                        assertTrue(t.encode("word ".repeat(600)).truncated());
                        assertEquals(maxLength, t.encode("word ".repeat(600)).length());
                    }
                }
            }
        }
    }

    @Test
    void aClosedTokenizerRefusesToEncode() throws Exception {
        TextTokenizer t = TextTokenizer.load(() -> TextTokenizerTest.class.getResourceAsStream(
                "/" + EmbeddedModels.MINILM.tokenizerResource()), 16, null);
        t.close();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> t.encode("hi"));
    }
}
