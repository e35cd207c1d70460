package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.testing.ProcessResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the real infer jar in its own JVM, the way a user's shell would, and captures what it did. */
final class Infer {
    private static final Path JAR = Path.of(System.getProperty("infer.jar", "target/infer-0.1.0.jar"));

    private Infer() {
    }

    static ProcessResult run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    /** Runs infer with {@code stdin} (or nothing) on standard input. */
    static ProcessResult runWithInput(byte[] stdin, String... args) throws Exception {
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
    static ProcessResult shell(Path dir, String script) throws Exception {
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

    /**
     * Waits until the run writing {@code out} has written its checkpoint, so it is really mid-run (polls the
     * file: the checkpoint is the event), and checks that it is still running.
     */
    static void awaitCheckpoint(Path out, Process p) throws InterruptedException {
        Path cp = out.resolveSibling(out.getFileName() + ".checkpoint");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (Files.notExists(cp) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "still running when signalled");
        assertTrue(Files.exists(cp), "a checkpoint appears mid-run");
    }

    static ProcessResult finish(Process p, int timeoutSeconds) throws Exception {
        return ProcessResult.await(p, timeoutSeconds, "infer");
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
