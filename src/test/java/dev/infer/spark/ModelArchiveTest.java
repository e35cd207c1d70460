package dev.infer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.hub.HubLayout;
import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.SessionSettings;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a model folder ships to executors as: the files a run reads, and it loads the same from there. */
class ModelArchiveTest {
    @TempDir
    Path dir;

    @Test
    void packsWhatTheLoaderReadsAndLeavesOutOtherVariantsAndFrameworks() throws Exception {
        Path folder = TinyModels.tokenEmbedder(dir.resolve("model"), TinyModels.Options.defaults()
                .withLayout(TinyModels.OnnxLayout.ONNX_DIR_BOTH)).dir();
        Files.writeString(folder.resolve("onnx/model.onnx_data"), "weights of the variant not chosen");
        Files.writeString(folder.resolve("pytorch_model.bin"), "torch");
        Files.writeString(folder.resolve("model.safetensors"), "safetensors");
        Files.createDirectories(folder.resolve(".git"));
        Files.writeString(folder.resolve(".git/HEAD"), "ref: main");
        Files.writeString(folder.resolve("vocab.txt"), "[PAD]\n");
        // A hub snapshot: relative links into the cache's blobs, packed as the files they point to.
        Path snapshot = HubLayout.write(folder, dir.resolve("cache"), "org/tiny", "main",
                "0123456789abcdef0123456789abcdef01234567");

        for (Path source : List.of(folder, snapshot)) {
            try (Model m = ModelLoader.load(new ModelRef.Folder(source, null), new SessionSettings(1, false), null)) {
                assertEquals("onnx/model_quantized.onnx", m.info().onnxFile());
                Path zip = dir.resolve(source.getFileName() + ".zip");
                ModelArchive.write(source, m.info(), "", java.util.Map.of(), zip);

                Path unpacked = unzip(zip, dir.resolve("unpacked-" + source.getFileName()));
                List<String> names = new ArrayList<>();
                try (var s = Files.walk(unpacked)) {
                    s.filter(Files::isRegularFile).forEach(f -> names.add(unpacked.relativize(f).toString()));
                }
                assertTrue(names.contains("onnx/model_quantized.onnx"), names.toString());
                assertTrue(names.contains("tokenizer.json") && names.contains("config.json")
                        && names.contains("1_Pooling/config.json") && names.contains("vocab.txt"), names.toString());
                for (String left : List.of("onnx/model.onnx", "onnx/model.onnx_data", "pytorch_model.bin",
                        "model.safetensors", ".git/HEAD")) {
                    assertFalse(names.contains(left), left + " shipped: " + names);
                }
                assertTrue(Files.isRegularFile(unpacked.resolve("tokenizer.json"))
                        && !Files.isSymbolicLink(unpacked.resolve("tokenizer.json")));
                try (Model copy = ModelLoader.load(new ModelRef.Folder(unpacked, null), new SessionSettings(1, false), null)) {
                    assertEquals(m.info().onnxFile(), copy.info().onnxFile());
                    assertEquals(m.info().pooling().pooling(), copy.info().pooling().pooling());
                }
            }
        }
    }

    @Test
    void theArchiveNameDependsOnTheModelArgumentOnly() {
        String a = ModelShipping.archiveName(InferOptions.embed().model("./tiny").job());
        assertEquals(a, ModelShipping.archiveName(InferOptions.classify().model("./tiny").labels("a,b").job()));
        assertFalse(a.equals(ModelShipping.archiveName(InferOptions.embed().model("./tiny").modelFile("model.onnx").job())));
        assertTrue(a.matches("infer-model-[0-9a-f]{16}"), a);
    }

    private static Path unzip(Path zip, Path to) throws Exception {
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Path f = to.resolve(e.getName());
                Files.createDirectories(f.getParent());
                Files.copy(z, f);
            }
        }
        return to;
    }
}
