package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EmbeddedModelsTest {
    @Test
    void eachCommandHasItsDefault() {
        assertEquals("e5-small", EmbeddedModels.resolve("default", "classify"));
        assertEquals("minilm", EmbeddedModels.resolve("default", "embed"));
        assertEquals("minilm", EmbeddedModels.resolve(null, "tokenize"));
        assertEquals("minilm", EmbeddedModels.resolve("minilm", "classify"));
        assertEquals("./dir", EmbeddedModels.resolve("./dir", "classify"));
    }

    @Test
    void bothModelsAreInTheJarWithTheirFacts() {
        for (EmbeddedModel m : EmbeddedModels.all()) {
            assertTrue(m.onnxBytes() > 10_000_000, m.name() + " " + m.onnxBytes());
            assertEquals(384, m.dimension());
        }
        assertEquals("query: ", EmbeddedModels.E5_SMALL.prefixes().embed());
        assertEquals("", EmbeddedModels.MINILM.prefixes().embed());
    }

    @Test
    void unknownNamesAndTooLongCapsAreRefused() {
        ModelException e = assertThrows(ModelException.class,
                () -> ModelLoader.load("e5small", null, new SessionSettings(1, false)));
        assertEquals("--model e5small is neither an embedded model (minilm, e5-small, default) nor a model folder",
                e.getMessage());
        ModelException cap = assertThrows(ModelException.class,
                () -> ModelLoader.load("minilm", null, new SessionSettings(1, false), 1024));
        assertEquals("--max-length 1024 is more than minilm can take (512 positions)", cap.getMessage());
    }
}
