package dev.infer.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real infer jar in its own JVM, the way a user's shell would, and captures what it did. */
final class Infer {
    private static final Path JAR = Path.of(System.getProperty("infer.jar", "target/infer-0.1.0.jar"));

    private Infer() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    static Result run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    /** Runs infer with {@code stdin} (or nothing) on standard input. */
    static Result runWithInput(byte[] stdin, String... args) throws Exception {
        Process p = start(args);
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        return finish(p, 240);
    }

    static Process start(String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        offlineEnvironment(pb.environment());
        return pb.start();
    }

    /** The java command line that runs the jar with {@code args}. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Dai.djl.offline=true", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The switches that keep DJL and ONNX Runtime from phoning home, as the launcher sets them. */
    static void offlineEnvironment(java.util.Map<String, String> env) {
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        env.put("ORT_DISABLE_TELEMETRY", "1");
        env.put("TOKENIZERS_PARALLELISM", "false");
    }

    /**
     * Runs a bash script in {@code dir} in which {@code infer} is the real jar (a shell function),
     * the way a user's pipeline or cron job would call it.
     */
    static Result shell(Path dir, String script) throws Exception {
        String infer = String.join(" ", command().stream().map(Infer::quote).toList());
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "infer() { " + infer + " \"$@\"; }\n" + script);
        pb.directory(dir.toFile());
        offlineEnvironment(pb.environment());
        Process p = pb.start();
        p.getOutputStream().close();
        return finish(p, 240);
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static Result finish(Process p, int timeoutSeconds) throws Exception {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("infer did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }
}
