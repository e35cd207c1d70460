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

    /** Starts the jar with the test hooks on its class path, its model calls held at {@code gate}. */
    static Process start(Gate gate, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(hookedCommand(args));
        offlineEnvironment(pb.environment());
        gate.configure(pb.environment());
        return pb.start();
    }

    /** The java command line that runs the jar with {@code args}. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Dai.djl.offline=true", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * The java command line that runs the jar with the test classes behind it, so the CLI and the server
     * find the test-only task hooks ({@link GatedTasks}, {@link SlowAndCrashingTasks}).
     */
    static List<String> hookedCommand(String... args) {
        Path jar = JAR.toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Dai.djl.offline=true", "-cp",
                jar + java.io.File.pathSeparator + jar.resolveSibling("test-classes"), "dev.infer.cli.Main"));
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
        Process p = startShell(dir, script);
        p.getOutputStream().close();
        return finish(p, 240);
    }

    /** As {@link #shell}, with the script's standard input left to the caller (open until it closes it). */
    static Process startShell(Path dir, String script) throws IOException {
        String infer = String.join(" ", command().stream().map(Infer::quote).toList());
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "infer() { " + infer + " \"$@\"; }\n" + script);
        pb.directory(dir.toFile());
        offlineEnvironment(pb.environment());
        return pb.start();
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Waits until the run writing {@code out} has checkpointed more than {@code before} rows (polls the file:
     * the checkpoint is the event; the writer commits every 2 s, held calls or not). Only for a run held at
     * a {@link Gate}, which cannot end meanwhile: the bound fails loudly, it never decides a race.
     *
     * @return the rows the checkpoint covers
     */
    static long awaitCheckpoint(Path out, Process p, long before) throws InterruptedException {
        long deadline = System.nanoTime() + 240_000_000_000L;
        long rows;
        while ((rows = committedRows(out)) <= before && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(rows > before, "a checkpoint past row " + before + " appears mid-run (the process "
                + (p.isAlive() ? "is still running" : "ended with exit code " + p.exitValue()) + ")");
        return rows;
    }

    /** The rows the checkpoint of {@code out} covers, -1 before the first. */
    static long committedRows(Path out) {
        Path cp = out.resolveSibling(out.getFileName() + ".checkpoint");
        try {
            return Json.MAPPER.readTree(cp.toFile()).get("rows_committed").asLong();
        } catch (IOException e) {
            return -1; // not written yet (it is replaced atomically, so never half-written)
        }
    }

    /** Sends {@code signal} (TERM, INT, KILL, STOP…) with kill(1); Process.destroy() would also close our pipes. */
    static void signal(Process p, String signal) throws Exception {
        int code = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(code == 0, "kill -" + signal + " " + p.pid());
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
