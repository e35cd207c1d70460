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
    void theRecordedTokenizerFactsAreWhatAParseOfTheTokenizerFileFinds() throws java.io.IOException {
        for (EmbeddedModel em : EmbeddedModels.all()) {
            byte[] json;
            try (var in = EmbeddedModelFactsTest.class.getResourceAsStream("/" + em.tokenizerResource())) {
                json = in.readAllBytes();
            }
            TokenizerFile parsed = TokenizerFile.parse(json, em.tokenizerResource(), null);
            assertEquals(parsed.facts(), em.tokenizerFacts(), em.name());
            assertEquals(false, parsed.extraLowerCase(), em.name());
            try (Model m = ModelLoader.load(em.name(), null, new SessionSettings(1, false))) {
                assertEquals(parsed.facts(), m.info().details().tokenizer(), em.name());
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
