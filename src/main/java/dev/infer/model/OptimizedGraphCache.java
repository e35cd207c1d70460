package dev.infer.model;

import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * ONNX Runtime's optimized graph of a model, saved once and loaded with graph optimizations off.
 *
 * <p>Why: optimizing the embedded model's graph (fusions, int8 kernels' layouts) costs ~0.15 CPU s at every
 * start, and reading it from the jar another ~0.2 s; loading the saved result skips both. The saved graph
 * computes the very same numbers (bit for bit; OptimizedGraphCacheTest checks it on real rows). It holds
 * hardware-specific layouts, so the key covers the CPU as well as the model's bytes and the runtime:
 * {@code $XDG_CACHE_HOME/infer/graphs/<sha256>.onnx} (else {@code ~/.cache/infer/...}).
 *
 * <p>The cache is only a speed-up: a missing, unwritable or unreadable entry means the model is optimized
 * the usual way; a file ORT refuses is deleted and made again. {@code INFER_GRAPH_CACHE=off} turns it off.
 */
public final class OptimizedGraphCache {
    private final Path dir;

    public OptimizedGraphCache(Path dir) {
        this.dir = dir;
    }

    /** The cache under the user's infer cache folder, unless turned off or there is no such folder. */
    public static Optional<OptimizedGraphCache> standard() {
        if ("off".equalsIgnoreCase(System.getenv("INFER_GRAPH_CACHE"))) {
            return Optional.empty();
        }
        return WeightHashes.cacheDir().map(d -> new OptimizedGraphCache(d.resolve("graphs")));
    }

    /** The file for a model whose ONNX bytes hash to {@code modelSha256}, on this runtime and CPU. */
    Path fileFor(String modelSha256) {
        String key = "model " + modelSha256 + "\nonnxruntime " + dev.infer.BuildInfo.load().onnxRuntimeVersion()
                + "\ncpu " + CpuSignature.get() + "\nlevel all\n";
        byte[] digest = dev.infer.pipeline.RowKey.sha256().digest(key.getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(digest) + ".onnx");
    }

    /**
     * Opens a session from the saved graph of the model, or from {@code onnx} (then saving its graph).
     *
     * @param modelSha256 the SHA-256 of the model's ONNX bytes
     * @param onnx        the model's bytes, read only when the graph is not saved yet
     */
    ModelSession open(String modelSha256, Supplier<byte[]> onnx, String source, SessionSettings settings) {
        Path file = fileFor(modelSha256);
        if (Files.isRegularFile(file)) {
            try {
                return ModelSession.fromFile(file.toString(), source, settings,
                        o -> o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT));
            } catch (ModelException e) {
                deleteQuietly(file); // truncated or from another runtime: made again below
            }
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "graph", ".tmp");
        } catch (IOException | RuntimeException e) {
            return ModelSession.fromBytes(onnx.get(), source, settings); // cannot save: optimize as usual
        }
        Path saveTo = tmp;
        ModelSession session = ModelSession.fromBytes(onnx.get(), source, settings, o -> o.setOptimizedModelFilePath(saveTo.toString()));
        try {
            if (Files.size(saveTo) > 0) {
                Files.move(saveTo, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // another process saved it first, or the folder is read-only: the next run tries again
        } finally {
            deleteQuietly(saveTo);
        }
        return session;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** What makes a saved graph specific to this machine: the CPU model and its feature flags. */
    static final class CpuSignature {
        private CpuSignature() {
        }

        static String get() {
            String arch = System.getProperty("os.arch", "");
            try {
                String model = "";
                String flags = "";
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                    if (model.isEmpty() && line.startsWith("model name")) {
                        model = line.substring(line.indexOf(':') + 1).trim();
                    } else if (flags.isEmpty() && line.startsWith("flags")) {
                        flags = line.substring(line.indexOf(':') + 1).trim();
                    }
                    if (!model.isEmpty() && !flags.isEmpty()) {
                        break;
                    }
                }
                return arch + " " + model + " " + flags;
            } catch (IOException | RuntimeException e) {
                return arch + " " + Runtime.getRuntime().availableProcessors(); // not Linux: arch only
            }
        }
    }
}
