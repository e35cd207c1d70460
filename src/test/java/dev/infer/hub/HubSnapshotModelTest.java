package dev.infer.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.model.Model;
import dev.infer.model.ModelCard;
import dev.infer.model.ModelException;
import dev.infer.model.ModelIdentity;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.Pooling;
import dev.infer.model.SessionSettings;
import dev.infer.model.WeightHashes;
import dev.infer.task.Embedder;
import dev.infer.task.EmbedOptions;
import dev.infer.task.HeadModelKey;
import dev.infer.task.TaskFactory;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub model loaded from a cache laid out by huggingface_hub: named by its hub name, its card's prompts and pooling
 * as fields, the pull rule for its ONNX file, its commit and blobs in its identity, a damaged blob refused.
 */
class HubSnapshotModelTest {
    private static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    Path tmp;

    private Model load(Path cache, String repo) {
        return ModelLoader.load(new ModelRef.Hub(repo, "main", null), new SessionSettings(1, false), null,
                new HubCache(cache));
    }

    @Test
    void e5FromTheHubGetsTheEmbeddedE5sPromptAndItsOwnPooling() throws Exception {
        Path folder = TinyModels.tokenEmbedder(tmp.resolve("e5"), TinyModels.Options.defaults()).dir();
        Files.delete(folder.resolve(ModelCard.FILE)); // e5's own files name no prompts
        Path cache = tmp.resolve("hub");
        Path snapshot = HubLayout.write(folder, cache, "intfloat/e5-small-v2", "main", A);
        HubLayout.write(folder, cache, "org/other", "main", A);
        try (Model m = load(cache, "intfloat/e5-small-v2"); Model other = load(cache, "org/other")) {
            assertEquals("intfloat/e5-small-v2", m.info().name());
            assertEquals(snapshot, m.info().folder());
            assertEquals(A, m.info().hub().commit());
            assertEquals("query: ", m.info().card().defaultPrompt());
            assertEquals(Map.of("query", "query: ", "passage", "passage: "), m.info().card().prompts());
            assertEquals("infer's record of intfloat/e5-small-v2's model card (it has no "
                    + "config_sentence_transformers.json)", m.info().card().source());
            assertEquals(Pooling.MEAN, m.info().pooling().pooling());
            assertEquals("1_Pooling/config.json", m.info().pooling().source());
            assertEquals("query: ", TaskFactory.embed(m, EmbedOptions.defaults()).identity().get("row prefix"));
            assertEquals("", other.info().card().defaultPrompt(), "only e5's own repository is known");
        }
    }

    @Test
    void aCardOfItsOwnWins() throws Exception {
        Path folder = TinyModels.tokenEmbedder(tmp.resolve("e5"), TinyModels.Options.defaults()).dir();
        Files.writeString(folder.resolve(ModelCard.FILE), "{\"prompts\": {\"query\": \"q: \", \"document\": \"d: \"},"
                + " \"default_prompt_name\": \"document\"}");
        Path cache = tmp.resolve("hub");
        HubLayout.write(folder, cache, "intfloat/e5-small-v2", "main", A);
        try (Model m = load(cache, "intfloat/e5-small-v2")) {
            assertEquals("d: ", m.info().card().defaultPrompt());
            assertEquals(ModelCard.FILE, m.info().card().source());
        }
    }

    @Test
    void aSnapshotWithEveryVariantLoadsTheFilePullWouldPick() throws Exception {
        TinyModels.TokenEmbedder t = TinyModels.tokenEmbedder(tmp.resolve("all"), TinyModels.Options.defaults()
                .withLayout(TinyModels.OnnxLayout.ONNX_DIR));
        Files.copy(t.onnx(), t.dir().resolve("model.onnx")); // a top-level export too, as some repositories have
        Path cache = tmp.resolve("hub");
        HubLayout.write(t.dir(), cache, "org/all", "main", A);
        try (Model m = load(cache, "org/all");
             Model asFolder = ModelLoader.load(new ModelRef.Folder(t.dir(), null), new SessionSettings(1, false), null)) {
            assertEquals("onnx/model.onnx", m.info().onnxFile(), "the pull rule: onnx/ first");
            assertEquals(OnnxChoiceRule.RULE, m.info().details().onnxReason());
            assertEquals("model.onnx", asFolder.info().onnxFile(), "a folder keeps the folder rule");
        }
    }

    @Test
    void anotherCommitIsAnotherIdentityAndAnotherHeadKeyEvenWithTheSameBytes() throws Exception {
        Path folder = TinyModels.tokenEmbedder(tmp.resolve("m"), TinyModels.Options.defaults()).dir();
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        HubLayout.write(folder, one, "org/tiny", "main", A);
        HubLayout.write(folder, two, "org/tiny", "main", B);
        WeightHashes hashes = new WeightHashes(tmp.resolve("memo"));
        try (Model a = load(one, "org/tiny"); Model b = load(two, "org/tiny")) {
            ModelIdentity ia = ModelIdentity.of(a.info(), hashes);
            ModelIdentity ib = ModelIdentity.of(b.info(), hashes);
            assertNotEquals(ia.digest(), ib.digest());
            assertEquals("org/tiny@" + A + " (model.onnx)", ia.label());
            String ka = HeadModelKey.of(a.info(), Embedder.forModel(a, null, true));
            String kb = HeadModelKey.of(b.info(), Embedder.forModel(b, null, true));
            assertNotEquals(ka, kb);
            assertTrue(ka.contains("model.onnx blob " + HubLayout.sha256(Files.readAllBytes(folder.resolve("model.onnx")))),
                    ka);
        }
        try (Model again = load(one, "org/tiny"); Model a = load(one, "org/tiny")) {
            assertEquals(ModelIdentity.of(a.info(), hashes).digest(), ModelIdentity.of(again.info(), hashes).digest(),
                    "the same snapshot is the same identity");
        }
    }

    @Test
    void aDamagedBlobIsRefusedNamingTheCommandThatReplacesIt() throws Exception {
        Path folder = TinyModels.tokenEmbedder(tmp.resolve("m"), TinyModels.Options.defaults()).dir();
        Path cache = tmp.resolve("hub");
        Path snapshot = HubLayout.write(folder, cache, "org/tiny", "main", A);
        Path blob = snapshot.resolve("model.onnx").toRealPath();
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length - 1] ^= 1; // the last byte: ONNX Runtime still loads it, only the hash can tell
        Files.write(blob, bytes);
        try (Model m = load(cache, "org/tiny")) {
            ModelException e = assertThrows(ModelException.class,
                    () -> ModelIdentity.of(m.info(), new WeightHashes(tmp.resolve("memo"))));
            assertEquals("the Hugging Face cache's copy of org/tiny's model.onnx (" + blob + ") is damaged: its bytes"
                    + " do not match the SHA-256 it is named by; infer model pull org/tiny replaces it", e.getMessage());
        }
    }
}
