package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved optimized graph of the embedded model computes the very same bits as optimizing it at load. */
class OptimizedGraphCacheTest {
    private static final String ONNX = "/all-minilm-l6-v2-q.onnx";
    private static final String OUTPUT = "last_hidden_state";
    private static final List<String> TEXTS = List.of("hi", "The air fryer is extremely perfect. Works after 12 weeks.",
            "Setup took 9 minutes; instructions were simple!", "ünïcödé, emoji 🙂 and numbers 98765",
            "short", "It overheated after 13 weeks. Customer service was helpful when I asked about the claim.");

    private static byte[] onnx;
    private static TextTokenizer tokenizer;
    private static ModelSession plain;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OptimizedGraphCacheTest.class.getResourceAsStream(ONNX)) {
            onnx = in.readAllBytes();
        }
        tokenizer = TokenizerFile.parse(resource("/all-minilm-l6-v2-q-tokenizer.json"), "tokenizer", null).open(256);
        plain = ModelSession.fromBytes(onnx, "plain", new SessionSettings(1, false));
    }

    @AfterAll
    static void close() {
        plain.close();
        tokenizer.close();
    }

    @Test
    void savesOnceThenLoadsTheSavedGraphWithTheSameBits(@TempDir Path dir) throws Exception {
        OptimizedGraphCache cache = new OptimizedGraphCache(dir);
        int[] reads = {0};
        try (ModelSession first = cache.open("abc", () -> { reads[0]++; return onnx; }, "first", new SessionSettings(1, false))) {
            assertSameOutputs(first);
        }
        Path saved = cache.fileFor("abc");
        assertTrue(Files.size(saved) > 1_000_000, "the optimized graph is saved");
        try (ModelSession second = cache.open("abc", () -> { reads[0]++; return onnx; }, "second", new SessionSettings(1, false))) {
            assertSameOutputs(second);
        }
        assertEquals(1, reads[0], "the second open never reads the model's bytes");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(saved), files.toList(), "no temp files left behind");
        }
    }

    @Test
    void e5SmallToo(@TempDir Path dir) throws Exception {
        EmbeddedModel e5 = EmbeddedModels.E5_SMALL;
        byte[] bytes = resource("/" + e5.onnxResource());
        try (TextTokenizer tok = TokenizerFile.parse(resource("/" + e5.tokenizerResource()), "e5", null).open(512);
             ModelSession plainE5 = ModelSession.fromBytes(bytes, "plain e5", new SessionSettings(1, false))) {
            OptimizedGraphCache cache = new OptimizedGraphCache(dir);
            cache.open("e5", () -> bytes, "save", new SessionSettings(1, false)).close();
            try (ModelSession saved = cache.open("e5", () -> { throw new AssertionError("read again"); }, "saved",
                    new SessionSettings(1, false))) {
                for (String text : TEXTS) {
                    List<Encoded> one = List.of(tok.encode("query: " + text));
                    assertArrayEquals(all(plainE5, one), all(saved, one), text);
                }
            }
        }
    }

    @Test
    void sessionsWithoutMemoryPatternsComputeTheSameBits() throws Exception {
        // --batch-size > 1 turns ORT's memory patterns off (SessionSettings.of): a memory choice, never a numeric one.
        try (ModelSession noPatterns = ModelSession.fromBytes(onnx, "no patterns", new SessionSettings(1, false, false))) {
            assertSameOutputs(noPatterns);
        }
    }

    @Test
    void aBrokenSavedGraphOnlyCostsTime(@TempDir Path dir) throws Exception {
        OptimizedGraphCache cache = new OptimizedGraphCache(dir);
        Path file = cache.fileFor("abc");
        Files.write(file, new byte[] {1, 2, 3, 4});
        try (ModelSession s = cache.open("abc", () -> onnx, "broken", new SessionSettings(1, false))) {
            assertSameOutputs(s);
        }
        assertTrue(Files.size(file) > 1_000_000, "the broken file is replaced by a good one");
    }

    @Test
    void theKeyCoversTheModelBytes(@TempDir Path dir) {
        OptimizedGraphCache cache = new OptimizedGraphCache(dir);
        assertEquals(cache.fileFor("abc"), cache.fileFor("abc"));
        assertTrue(!cache.fileFor("abc").equals(cache.fileFor("abd")));
    }

    /** Bit-identical token vectors for rows alone and in a padded batch of three. */
    private static void assertSameOutputs(ModelSession s) throws Exception {
        for (int i = 0; i < TEXTS.size(); i++) {
            List<Encoded> one = List.of(tokenizer.encode(TEXTS.get(i)));
            assertArrayEquals(all(plain, one), all(s, one), "row " + i + " alone");
        }
        List<Encoded> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(tokenizer.encode(TEXTS.get(i + 1)));
        }
        assertArrayEquals(all(plain, three), all(s, three), "a batch of three");
    }

    private static float[] all(ModelSession s, List<Encoded> batch) throws Exception {
        return s.run(batch, OUTPUT, null, (data, shape) -> {
            float[] out = new float[data.remaining()];
            data.get(0, out, 0, out.length);
            return out;
        });
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OptimizedGraphCacheTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
