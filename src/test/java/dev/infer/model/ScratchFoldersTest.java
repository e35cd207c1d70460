package dev.infer.model;

import dev.infer.testing.TinyModels;
import dev.infer.testing.TinyModels.Options;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchFoldersTest {
    @Test
    void write() throws Exception {
        Path base = Path.of("/tmp/scratch");
        TinyModels.sequenceClassifier(base.resolve("cls"), Options.defaults());
        TinyModels.batchSensitiveClassifier(base.resolve("both"), Options.defaults().withLayout(TinyModels.OnnxLayout.ONNX_DIR_BOTH));
        TinyModels.multiLabelClassifier(base.resolve("multi"), Options.defaults().withLabels("toxic", "insult", "threat"));
        TinyModels.vocabMismatchClassifier(base.resolve("mismatch"), Options.defaults());
        TinyModels.tokenEmbedder(base.resolve("tok"), Options.defaults().withPooling(TinyModels.Pooling.CLS));
        TinyModels.sentenceEmbedder(base.resolve("sent"), Options.defaults());
    }
}
