package dev.infer.model;

import org.junit.jupiter.api.Test;

class ScratchDriftTest {
    @Test
    void drift() {
        for (String m : new String[] {"default", "/tmp/scratch/cls", "/tmp/scratch/both", "/tmp/scratch/tok", "/tmp/scratch/sent", "/tmp/scratch/multi"}) {
            try (Model model = ModelLoader.load(m, null, new SessionSettings(1, false))) {
                System.out.println("DRIFT " + m + " " + BatchSensitivityProbe.drift(model.session(), model.tokenizer(), model.info().output()));
            }
        }
        try (Model model = ModelLoader.load("/tmp/scratch/both", "onnx/model.onnx", new SessionSettings(1, false))) {
            System.out.println("DRIFT both-float " + BatchSensitivityProbe.drift(model.session(), model.tokenizer(), model.info().output()));
        }
    }
}
