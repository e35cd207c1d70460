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

    private static TextTokenizer minilm(int maxLength) throws Exception {
        EmbeddedModel em = EmbeddedModels.MINILM;
        return TextTokenizer.load(() -> TextTokenizerTest.class.getResourceAsStream("/" + em.tokenizerResource()),
                maxLength, null);
    }

    /** The content tokens of a text: its encoding without [CLS] and [SEP]. */
    private static long[] content(TextTokenizer t, String text) {
        long[] ids = t.encodeFull(text).ids();
        return java.util.Arrays.copyOfRange(ids, 1, ids.length - 1);
    }

    @Test
    void aPairIsBertsTemplateWithTypeIdsAndTheLongerSideCutFirst() throws Exception {
        try (TextTokenizer t = minilm(256)) {
            long[] a = content(t, "is it any good?");
            long[] b = content(t, "yes, very good");
            Encoded pair = t.encodePair("is it any good?", "yes, very good");
            java.util.List<Long> expected = new java.util.ArrayList<>();
            expected.add(101L);
            for (long id : a) {
                expected.add(id);
            }
            expected.add(102L);
            for (long id : b) {
                expected.add(id);
            }
            expected.add(102L);
            assertEquals(expected, java.util.Arrays.stream(pair.ids()).boxed().toList());
            for (int i = 0; i < pair.typeIds().length; i++) {
                assertEquals(i < a.length + 2 ? 0 : 1, pair.typeIds()[i], "type id at " + i);
            }
        }
        try (TextTokenizer t = minilm(8)) { // 3 specials + 5 of the 6 + 1 = 9 > 8: the longer side loses 2
            Encoded cut = t.encodePair("one two three four five six", "seven");
            long[] first = content(t, "one two three four");
            long[] second = content(t, "seven");
            assertEquals(8, cut.length());
            assertTrue(cut.truncated());
            assertArrayEquals(first, java.util.Arrays.copyOfRange(cut.ids(), 1, 5));
            assertArrayEquals(second, java.util.Arrays.copyOfRange(cut.ids(), 6, 7));
        }
    }

    @Test
    void offsetsPointBackIntoTheOriginalText() throws Exception {
        String text = "Ana met Bob in Paris \uD83D\uDE42 yesterday";
        try (TextTokenizer t = minilm(256)) {
            Encoded e = t.encodeWithOffsets(text);
            assertTrue(e.hasOffsets());
            assertEquals(-1, e.charStarts()[0], "[CLS] has no place in the text");
            assertEquals(-1, e.charStarts()[e.length() - 1], "[SEP] neither");
            StringBuilder seen = new StringBuilder();
            int last = 0;
            for (int i = 1; i < e.length() - 1; i++) {
                int start = e.charStarts()[i];
                int end = e.charEnds()[i];
                assertTrue(start >= last && end > start && end <= text.length(), "token " + i);
                seen.append(text, start, end);
                last = end;
            }
            assertEquals(text.replace(" ", ""), seen.toString(), "the tokens cover the text, spaces aside");
            // the tokenizer counts code points; the emoji is two UTF-16 units, and what follows it is found
            int emoji = text.indexOf("\uD83D\uDE42");
            int y = text.indexOf("yesterday");
            assertEquals(emoji + 2, e.charEnds()[e.length() - 3]);
            assertEquals(y, e.charStarts()[e.length() - 2]);
            // TEI's /tokenize: token texts and UTF-8 byte offsets
            var tokens = t.tokens(text, true);
            var yesterday = tokens.get(tokens.size() - 2);
            assertEquals("yesterday", yesterday.text());
            assertEquals(text.substring(0, y).getBytes(java.nio.charset.StandardCharsets.UTF_8).length, yesterday.start());
        }
    }

    @Test
    void windowsCoverALongTextOverlappingByTheStride() throws Exception {
        String text = "word number one two three four five six seven eight nine ten ".repeat(8).strip();
        int stride = 3;
        try (TextTokenizer t = minilm(16)) {
            java.util.List<Encoded> windows = t.windows(text, stride);
            long[] all = content(t, text);
            assertTrue(windows.size() > 3);
            java.util.List<Long> covered = new java.util.ArrayList<>();
            for (int w = 0; w < windows.size(); w++) {
                Encoded win = windows.get(w);
                assertTrue(win.length() <= 16);
                long[] ids = java.util.Arrays.copyOfRange(win.ids(), 1, win.length() - 1);
                int skip = w == 0 ? 0 : stride; // a window repeats the last tokens of the one before
                if (w > 0) {
                    long[] prev = windows.get(w - 1).ids();
                    assertArrayEquals(java.util.Arrays.copyOfRange(prev, prev.length - 1 - stride, prev.length - 1),
                            java.util.Arrays.copyOfRange(ids, 0, stride), "window " + w + " overlap");
                }
                for (int i = skip; i < ids.length; i++) {
                    covered.add(ids[i]);
                }
                if (w > 0) { // offsets are into the whole text, not into the window
                    assertTrue(win.charStarts()[1] > windows.get(w - 1).charStarts()[1], "window " + w + " starts later");
                }
            }
            assertEquals(java.util.Arrays.stream(all).boxed().toList(), covered, "every token once, in order");
        }
    }
}
