package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Facts recorded about the embedded models instead of measured at every start still hold. */
class EmbeddedModelFactsTest {

    @Test
    void theRecordedBatchSensitivityIsWhatTheProbeFinds() {
        for (EmbeddedModel em : EmbeddedModels.all()) {
            try (Model m = ModelLoader.load(em.name(), null, new SessionSettings(1, false))) {
                boolean measured = BatchSensitivityProbe.isBatchSensitive(m.session(), m.tokenizer(), m.info().output());
                assertEquals(measured, em.batchSensitive(), em.name());
                assertEquals(measured, m.info().batchSensitive(), em.name());
            }
        }
    }

    @Test
    void theFileSizeComesFromTheJarWithoutReadingTheModel() {
        for (EmbeddedModel em : EmbeddedModels.all()) {
            EmbeddedOnnx onnx = new EmbeddedOnnx("/" + em.onnxResource());
            assertEquals(onnx.bytes().length, onnx.size(), em.name());
        }
    }
}
