package dev.infer.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.infer.model.EmbeddedModels;
import dev.infer.model.ModelException;
import dev.infer.model.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ModelRef's one precedence: default, embedded name, existing path, hub id, else an error. */
class HubModelRefTest {
    @TempDir
    Path tmp;

    @Test
    void defaultIsTheCommandsEmbeddedModel() {
        assertEquals(new ModelRef.Embedded(EmbeddedModels.E5_SMALL), ModelRef.parse("default", null, "classify"));
        assertEquals(new ModelRef.Embedded(EmbeddedModels.MINILM), ModelRef.parse(null, null, "embed"));
        assertEquals(new ModelRef.Embedded(EmbeddedModels.MINILM), ModelRef.parse("default", null, null));
        assertEquals(new ModelRef.Embedded(EmbeddedModels.E5_SMALL), ModelRef.parse("e5-small", null, "embed"));
    }

    @Test
    void anExistingPathWinsOverAHubId() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("org/name"));
        assertEquals(new ModelRef.Folder(dir, "onnx/model.onnx"),
                ModelRef.parse(dir.toString(), "onnx/model.onnx", null));
    }

    @Test
    void aHubIdThatIsNoPathIsAHubModel() {
        assertEquals(new ModelRef.Hub("intfloat/e5-small-v2", "main", null),
                ModelRef.parse("intfloat/e5-small-v2", null, null));
        ModelRef.Hub h = (ModelRef.Hub) ModelRef.parse("BAAI/bge-small-en-v1.5@v2.0", "onnx/model.onnx", null);
        assertEquals(new ModelRef.Hub("BAAI/bge-small-en-v1.5", "v2.0", "onnx/model.onnx"), h);
        assertEquals("BAAI/bge-small-en-v1.5@v2.0", h.display());
    }

    @Test
    void pathsThatAreNoHubIdsStayFolders() {
        assertInstanceOf(ModelRef.Folder.class, ModelRef.parse("./missing-model", null, null));
        assertInstanceOf(ModelRef.Folder.class, ModelRef.parse("/abs/missing", null, null));
        assertInstanceOf(ModelRef.Folder.class, ModelRef.parse("a--b/c", null, null));
    }

    @Test
    void anythingElseIsOneError() {
        ModelException e = assertThrows(ModelException.class, () -> ModelRef.parse("e5small", null, null));
        assertEquals("--model e5small is neither an embedded model (minilm, e5-small, default) nor a model folder",
                e.getMessage());
        assertThrows(ModelException.class, () -> ModelRef.parse("minilm", "model.onnx", null));
    }
}
