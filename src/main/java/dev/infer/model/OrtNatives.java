package dev.infer.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Points ONNX Runtime at a stable folder of its native libraries.
 *
 * <p>Why: left alone, ORT unpacks 28 MB of natives into a fresh temp folder at every start and leaves
 * an empty folder behind. With {@code onnxruntime.native.path} set and the files present it loads
 * them in place. Call {@link #prepare()} before the first use of any ORT class.
 */
public final class OrtNatives {
    private static final String PROPERTY = "onnxruntime.native.path";
    private static final String[] LIBRARIES = {"libonnxruntime.so", "libonnxruntime4j_jni.so"};
    private static final String RESOURCE_DIR = "/ai/onnxruntime/native/linux-x64/";

    private OrtNatives() {
    }

    /** Extracts the natives once into the configured (or default cache) folder. Best effort. */
    public static void prepare() {
        if (!isLinuxX64()) {
            return; // other platforms: ORT's own loader handles them
        }
        String configured = System.getProperty(PROPERTY);
        Path dir = configured != null ? Path.of(configured) : defaultCacheDir().orElse(null);
        if (dir == null) {
            return; // no cache folder anywhere: ORT unpacks into a temp folder, as it does by itself
        }
        try {
            Files.createDirectories(dir);
            for (String lib : LIBRARIES) {
                Path target = dir.resolve(lib);
                if (Files.isRegularFile(target) && Files.size(target) > 0) {
                    continue;
                }
                try (InputStream in = OrtNatives.class.getResourceAsStream(RESOURCE_DIR + lib)) {
                    if (in == null) {
                        return;
                    }
                    // Write to a temp name and move, so a concurrent start never loads half a file.
                    Path tmp = Files.createTempFile(dir, lib, ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.setProperty(PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            if (configured == null) {
                System.clearProperty(PROPERTY); // fall back to ORT's temp-folder extraction
            }
        }
    }

    private static boolean isLinuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase();
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static java.util.Optional<Path> defaultCacheDir() {
        return CacheFolder.standard().map(d -> d.resolve("onnxruntime-" + ortVersion()).resolve("linux-x64"));
    }

    private static String ortVersion() {
        return dev.infer.BuildInfo.load().onnxRuntimeVersion();
    }
}
