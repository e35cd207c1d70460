package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Facts recorded about the embedded model instead of measured at every start still hold. */
class EmbeddedModelFactsTest {

    @Test
    void theRecordedBatchSensitivityIsWhatTheProbeFinds() {
        try (Model m = ModelLoader.load(ModelLoader.DEFAULT, null, new SessionSettings(1, false))) {
            boolean measured = BatchSensitivityProbe.isBatchSensitive(m.session(), m.tokenizer(), m.info().output());
            assertEquals(measured, ModelLoader.DEFAULT_BATCH_SENSITIVE);
            assertEquals(measured, m.info().batchSensitive());
        }
    }

    @Test
    void theFileSizeComesFromTheJarWithoutReadingTheModel() {
        EmbeddedOnnx onnx = new EmbeddedOnnx("/all-minilm-l6-v2-q.onnx");
        assertEquals(onnx.bytes().length, onnx.size());
    }
}
