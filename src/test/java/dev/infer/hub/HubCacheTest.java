package dev.infer.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.model.Cancellation;
import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.SessionSettings;
import dev.infer.task.Embedder;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read side of the hub cache: found as huggingface_hub finds it, loaded as the folder it mirrors. */
class HubCacheTest {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path tmp;

    @Test
    void theCacheFolderIsFoundAsHuggingfaceHubFindsIt() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/home/u/.cache/huggingface/hub"), HubEnvironment.of(Map.of(), home).cacheDir());
        assertEquals(Path.of("/x/huggingface/hub"), HubEnvironment.of(Map.of("XDG_CACHE_HOME", "/x"), home).cacheDir());
        assertEquals(Path.of("/h/hub"), HubEnvironment.of(Map.of("HF_HOME", "/h"), home).cacheDir());
        assertEquals(Path.of("/c"), HubEnvironment.of(Map.of("HF_HOME", "/h", "HF_HUB_CACHE", "/c"), home).cacheDir());
        assertEquals("https://huggingface.co", HubEnvironment.of(Map.of(), home).endpoint());
        assertEquals("http://127.0.0.1:9", HubEnvironment.of(Map.of("HF_ENDPOINT", "http://127.0.0.1:9/"), home).endpoint());
        assertTrue(HubEnvironment.of(Map.of("HF_HUB_OFFLINE", "1"), home).offline());
        assertTrue(HubEnvironment.of(Map.of("HF_HUB_OFFLINE", "yes"), home).offline());
        assertEquals(false, HubEnvironment.of(Map.of("HF_HUB_OFFLINE", "0"), home).offline());
    }

    @Test
    void theTokenComesFromHfTokenElseTheTokenFile() throws Exception {
        Files.writeString(tmp.resolve("token"), "hf_file\n");
        assertEquals("hf_file", HubEnvironment.of(Map.of("HF_HOME", tmp.toString()), tmp).token());
        assertEquals("hf_env", HubEnvironment.of(Map.of("HF_HOME", tmp.toString(), "HF_TOKEN", "hf_env"), tmp).token());
        assertEquals(null, HubEnvironment.of(Map.of("HF_HOME", tmp.resolve("none").toString()), tmp).token());
    }

    @Test
    void aCacheLaidOutByHuggingfaceHubIsUsedAsIs() throws Exception {
        var tiny = TinyModels.tokenEmbedder(tmp.resolve("folder"), TinyModels.Options.defaults());
        Path cache = tmp.resolve("hub");
        Path written = HubLayout.write(tiny.dir(), cache, "org/tiny", "main", COMMIT);
        assertTrue(Files.isSymbolicLink(written.resolve("tokenizer.json")));

        HubCache hub = new HubCache(cache);
        assertEquals(written, hub.snapshot("org/tiny", "main", "org/tiny"));
        assertEquals(written, hub.snapshot("org/tiny", COMMIT, "org/tiny@" + COMMIT)); // a commit needs no ref
        try (Model fromHub = ModelLoader.load(new ModelRef.Hub("org/tiny", "main", null), new SessionSettings(1, false),
                null, hub);
             Model fromFolder = ModelLoader.load(new ModelRef.Folder(tiny.dir(), null), new SessionSettings(1, false), null)) {
            assertEquals(written, fromHub.info().folder());
            assertEquals(fromFolder.info().onnxFile(), fromHub.info().onnxFile());
            assertArrayEquals(fromFolder.info().details().fileSizes().values().toArray(),
                    fromHub.info().details().fileSizes().values().toArray());
            String text = "naïve café, the kettle is great";
            Embedder a = Embedder.forModel(fromHub, null, true);
            Embedder b = Embedder.forModel(fromFolder, null, true);
            assertArrayEquals(b.embed(List.of(b.encode(text)), Cancellation.NONE)[0],
                    a.embed(List.of(a.encode(text)), Cancellation.NONE)[0], "the same vector, bit for bit");
        }
    }

    @Test
    void aNameNotInTheCacheNamesTheCommandThatFetchesIt() {
        HubCache hub = new HubCache(tmp.resolve("hub"));
        HubException e = assertThrows(HubException.class, () -> hub.snapshot("org/none", "main", "org/none"));
        assertEquals("org/none is not a folder here and not in the Hugging Face cache (" + tmp.resolve("hub")
                + "); fetch it once with: infer model pull org/none", e.getMessage());
        assertThrows(HubException.class, () -> hub.snapshot("org/none", "v2", "org/none@v2"));
    }
}
