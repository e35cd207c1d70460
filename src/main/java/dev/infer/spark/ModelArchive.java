package dev.infer.spark;

import dev.infer.model.ModelInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A model folder as one zip for the executors: every file a run can read, at its place in the folder, and
 * nothing it cannot: the ONNX files the loader did not choose (a folder often holds fp32, fp16 and several
 * int8 variants) and other frameworks' weights are left out. Links are followed, so a hub snapshot (links
 * into the cache's blobs) packs as plain files. Weights are stored as they are (they hardly compress);
 * the rest is deflated.
 */
final class ModelArchive {
    /** Weights of other frameworks, by the names Hugging Face repositories give them. */
    private static final Pattern OTHER_WEIGHTS = Pattern.compile(
            "(.*\\.safetensors(\\.index\\.json)?|pytorch_model.*\\.bin(\\.index\\.json)?|tf_model\\.h5|flax_model\\.msgpack"
                    + "|rust_model\\.ot|.*\\.gguf|.*\\.ckpt(\\..*)?|openvino_model\\.(xml|bin))");

    private ModelArchive() {
    }

    /**
     * @param prefix where the folder's files go in the zip ("" for its top)
     * @param extra  small text entries to add, by name (a hub cache's refs)
     */
    static void write(Path folder, ModelInfo info, String prefix, Map<String, String> extra, Path zip) throws IOException {
        List<String> others = info.details().onnxCandidates().stream()
                .filter(c -> !c.equals(info.onnxFile())).toList();
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path f : files) {
                String name = folder.relativize(f).toString().replace('\\', '/');
                if (skipped(name, others)) {
                    continue;
                }
                z.setLevel(isWeights(name) ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED);
                z.putNextEntry(new ZipEntry(prefix + name));
                Files.copy(f, z);
                z.closeEntry();
            }
            z.setLevel(Deflater.BEST_SPEED);
            for (Map.Entry<String, String> e : new TreeMap<>(extra).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
    }

    /** Hidden files, an ONNX file the loader did not choose with its external data, other frameworks' weights. */
    static boolean skipped(String name, List<String> otherOnnxFiles) {
        for (String part : name.split("/")) {
            if (part.startsWith(".")) {
                return true;
            }
        }
        for (String other : otherOnnxFiles) {
            if (name.equals(other) || name.startsWith(other + "_data") || name.startsWith(other + ".data")) {
                return true;
            }
        }
        String file = name.substring(name.lastIndexOf('/') + 1);
        return OTHER_WEIGHTS.matcher(file).matches();
    }

    private static boolean isWeights(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".onnx") || n.contains(".onnx_data") || n.contains(".onnx.data");
    }
}
