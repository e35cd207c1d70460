package dev.infer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which ONNX file of a model folder to load, among those Optimum and Transformers.js write.
 *
 * @param file       the chosen file
 * @param name       its path relative to the folder ("onnx/model_quantized.onnx")
 * @param reason     why this one ("--model-file", "quantized file preferred", ...)
 * @param candidates every ONNX file found at the top and under onnx/, relative to the folder
 */
public record OnnxChoice(Path file, String name, String reason, List<String> candidates) {

    /**
     * Default preference. Quantized first, as Transformers.js does: on CPUs with VNNI they are faster and a
     * quarter of the size, and infer runs quantized models one row per call so the answers stay stable.
     * fp16 and 4-bit files are never picked by default: their outputs or kernels are not what a CPU run wants.
     */
    static final List<String> PREFERRED = List.of(
            "model_quantized.onnx", "model_int8.onnx", "model_uint8.onnx", "model.onnx");
    private static final List<String> PLACES = List.of("", "onnx/");

    public OnnxChoice {
        candidates = List.copyOf(candidates);
    }

    static OnnxChoice choose(Path dir, String requested) {
        List<String> candidates = candidates(dir);
        if (requested != null) {
            return requestedFile(dir, requested, candidates);
        }
        for (String name : PREFERRED) {
            for (String place : PLACES) {
                if (candidates.contains(place + name)) {
                    String reason = name.equals("model.onnx")
                            ? (candidates.size() == 1 ? "the only ONNX file" : "no quantized file; the standard name")
                            : "quantized file preferred";
                    return new OnnxChoice(dir.resolve(place + name), place + name, reason, candidates);
                }
            }
        }
        if (candidates.size() == 1) {
            return new OnnxChoice(dir.resolve(candidates.get(0)), candidates.get(0), "the only ONNX file", candidates);
        }
        if (candidates.isEmpty()) {
            throw new ModelException("model folder " + dir + " has no ONNX file (looked for *.onnx at the top and"
                    + " under onnx/); export one with 'optimum-cli export onnx --model NAME " + dir + "'");
        }
        throw new ModelException("model folder " + dir + " has several ONNX files and none with a standard name ("
                + String.join(", ", candidates) + "); pick one with {{model-file}}");
    }

    /** --model-file: a path inside the folder, or a bare file name looked up at the top, then under onnx/. */
    private static OnnxChoice requestedFile(Path dir, String requested, List<String> candidates) {
        List<String> tries = new ArrayList<>(List.of(requested));
        if (!requested.contains("/") && !requested.contains("\\")) {
            tries.add("onnx/" + requested);
        }
        for (String t : tries) {
            Path p = dir.resolve(t);
            if (Files.isRegularFile(p)) {
                String name = p.startsWith(dir) ? dir.relativize(p).toString().replace('\\', '/') : p.toString();
                return new OnnxChoice(p, name, "--model-file", candidates);
            }
        }
        throw new ModelException("{{model-file}} '" + requested + "' is not a file in model folder " + dir
                + (candidates.isEmpty() ? " (it has no ONNX files)" : " (its ONNX files: " + String.join(", ", candidates) + ")"));
    }

    /** ONNX files at the top of the folder and under onnx/, as relative paths, sorted. */
    static List<String> candidates(Path dir) {
        List<String> out = new ArrayList<>();
        for (String place : PLACES) {
            Path d = place.isEmpty() ? dir : dir.resolve(place);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                files.filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".onnx"))
                        .sorted()
                        .forEach(n -> out.add(place + n));
            } catch (IOException e) {
                throw new ModelException("model folder " + d + " cannot be listed: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
