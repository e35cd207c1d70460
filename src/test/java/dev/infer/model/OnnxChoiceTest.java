package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which ONNX file of a folder gets loaded (the files are empty: choosing never opens them). */
class OnnxChoiceTest {
    @TempDir
    Path dir;

    private void touch(String... names) throws IOException {
        for (String n : names) {
            Path p = dir.resolve(n);
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[0]);
        }
    }

    @Test
    void topLevelModelOnnx() throws IOException {
        touch("model.onnx", "tokenizer.json");
        OnnxChoice c = OnnxChoice.choose(dir, null);
        assertEquals("model.onnx", c.name());
        assertEquals(List.of("model.onnx"), c.candidates());
    }

    @Test
    void transformersJsLayoutPrefersTheQuantizedFile() throws IOException {
        touch("onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_quantized.onnx", "onnx/model_q4.onnx");
        OnnxChoice c = OnnxChoice.choose(dir, null);
        assertEquals("onnx/model_quantized.onnx", c.name());
        assertEquals("quantized file preferred", c.reason());
        assertEquals(List.of("onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_q4.onnx",
                "onnx/model_quantized.onnx"), c.candidates());
    }

    @Test
    void int8NamesCountAsQuantized() throws IOException {
        touch("onnx/model.onnx", "onnx/model_int8.onnx");
        assertEquals("onnx/model_int8.onnx", OnnxChoice.choose(dir, null).name());
    }

    @Test
    void optimumQuantizeOutputAtTheTopIsPreferredToo() throws IOException {
        touch("model.onnx", "model_quantized.onnx");
        assertEquals("model_quantized.onnx", OnnxChoice.choose(dir, null).name());
    }

    @Test
    void modelFileOverridesAsAPathOrABareName() throws IOException {
        touch("onnx/model.onnx", "onnx/model_quantized.onnx");
        assertEquals("onnx/model.onnx", OnnxChoice.choose(dir, "onnx/model.onnx").name());
        OnnxChoice bare = OnnxChoice.choose(dir, "model.onnx");
        assertEquals("onnx/model.onnx", bare.name());
        assertEquals("--model-file", bare.reason());
    }

    @Test
    void aMissingModelFileListsWhatIsThere() throws IOException {
        touch("onnx/model.onnx", "onnx/model_quantized.onnx");
        ModelException e = assertThrows(ModelException.class, () -> OnnxChoice.choose(dir, "model_int8.onnx"));
        assertEquals("--model-file 'model_int8.onnx' is not a file in model folder " + dir
                + " (its ONNX files: onnx/model.onnx, onnx/model_quantized.onnx)", e.getMessage());
    }

    @Test
    void aSingleOddlyNamedFileIsUsedButSeveralAreAmbiguous() throws IOException {
        touch("encoder.onnx");
        assertEquals("encoder.onnx", OnnxChoice.choose(dir, null).name());
        touch("other.onnx");
        ModelException e = assertThrows(ModelException.class, () -> OnnxChoice.choose(dir, null));
        assertTrue(e.getMessage().contains("encoder.onnx, other.onnx") && e.getMessage().contains("--model-file"),
                e.getMessage());
    }

    @Test
    void noOnnxFileAtAll() throws IOException {
        touch("tokenizer.json", "config.json");
        ModelException e = assertThrows(ModelException.class, () -> OnnxChoice.choose(dir, null));
        assertTrue(e.getMessage().startsWith("model folder " + dir + " has no ONNX file"), e.getMessage());
    }
}
