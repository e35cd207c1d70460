package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The test's side of {@link GatedTasks}: a gate in the process under test at which model calls wait until
 * the test opens it. A test that interrupts a run holds it here first, so the run cannot end before the
 * test acts, however fast or slow the machine is.
 */
public final class Gate {
    /** Only for a process that died or never reached the gate: a generous bound that fails loudly. */
    private static final long GIVE_UP_SECONDS = 240;

    private final Path dir;
    private final Map<String, String> settings;

    private Gate(Path dir, Map<String, String> settings) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.settings = settings;
    }

    /** Lets {@code calls} model calls through, then holds every call. */
    static Gate afterCalls(Path dir, long calls) throws IOException {
        return new Gate(dir, Map.of(GatedTasks.AFTER, Long.toString(calls)));
    }

    /** Holds every call with a row of exactly this text. */
    public static Gate onText(Path dir, String text) throws IOException {
        return new Gate(dir, Map.of(GatedTasks.TEXT, text));
    }

    /** This gate, holding the tokenizing of {@code text} too (a tokenizer thread held, not a worker). */
    Gate holdingTokenizing(String text) throws IOException {
        Map<String, String> more = new java.util.HashMap<>(settings);
        more.put(GatedTasks.TOKENIZE_TEXT, text);
        return new Gate(dir, Map.copyOf(more));
    }

    /** Puts the gate into the environment of a process to be started. */
    public void configure(Map<String, String> env) {
        env.put(GatedTasks.FOLDER, dir.toString());
        env.putAll(settings);
    }

    /** Waits until {@code count} calls in all are held (the gate is closed, so they stay held). */
    void awaitHeld(int count, Process p) throws InterruptedException {
        Path held = dir.resolve("held-" + count);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        while (Files.notExists(held) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(held), "call " + count + " reached the gate (the process "
                + (p.isAlive() ? "is still running" : "ended with exit code " + p.exitValue()) + ")");
    }

    /** The pid of the process that holds call {@code n} (waits for it as {@link #awaitHeld} does). */
    public long heldBy(int n, Process p) throws IOException, InterruptedException {
        awaitHeld(n, p);
        Path pid = dir.resolve("held-" + n + ".pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
        while (Files.notExists(pid) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(pid).strip());
    }

    /** Lets every held and later call through. */
    public void open() throws IOException {
        Files.createFile(dir.resolve("open"));
    }

    /** Holds later calls again. */
    void close() throws IOException {
        Files.delete(dir.resolve("open"));
    }
}
