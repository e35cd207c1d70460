package dev.infer.spark;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prepares an executor (or driver) JVM before DJL or ONNX Runtime load: the offline switches DJL reads
 * as system properties, and writable cache folders for the native libraries both unpack.
 *
 * <p>Why: executors run on machines where nothing was installed and the home folder may be read-only.
 * Only what Java can still change is set here; ONNX Runtime's telemetry switch is an environment variable
 * read by native code, so it must come from {@code spark.executorEnv.ORT_DISABLE_TELEMETRY=1} (InferJob
 * and {@code scripts/spark-local} set it; the README lists it for Dataset users).
 *
 * <p>Configurable with system properties (e.g. through {@code spark.executor.extraJavaOptions}) or the
 * environment: {@code infer.native.cache} / {@code INFER_NATIVE_CACHE} (default: {@code ~/.cache/infer}
 * if writable, else {@code java.io.tmpdir/infer-<user>}).
 */
final class ExecutorEnvironment {
    static final String CACHE_PROPERTY = "infer.native.cache";
    static final String CACHE_ENV = "INFER_NATIVE_CACHE";

    private ExecutorEnvironment() {
    }

    /** Idempotent; values already set (by the user or an earlier call) are kept. */
    static synchronized void prepare() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true"); // DJL reads it as a property or an environment variable
        Path cache = cacheDir();
        // DJL unpacks its tokenizer natives under ENGINE_CACHE_DIR (default ~/.djl.ai).
        setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("djl").toString());
        // OrtNatives unpacks ONNX Runtime's natives once into this folder (see model/OrtNatives).
        setIfAbsent("onnxruntime.native.path", cache.resolve("onnxruntime-" + dev.infer.BuildInfo.load().onnxRuntimeVersion()).resolve("linux-x64").toString());
    }

    static Path cacheDir() {
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv(CACHE_ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path home = Path.of(System.getProperty("user.home", "/nonexistent"), ".cache");
        if (writable(home)) {
            return home.resolve("infer").resolve("spark");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "infer-" + System.getProperty("user.name", "spark"));
    }

    private static boolean writable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.isWritable(dir);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
