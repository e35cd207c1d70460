package dev.infer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions stamped in at build time (infer itself and the runtimes it bundles). */
public record BuildInfo(String version, String onnxRuntimeVersion, String djlVersion) {

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(
                p.getProperty("version", "dev"),
                p.getProperty("onnxruntime.version", "unknown"),
                p.getProperty("djl.version", "unknown"));
    }
}
