package dev.infer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What a finished child process (infer's jar, spark-submit, a shell) left: its exit code and both streams. */
public record ProcessResult(int exitCode, String stdout, String stderr) {

    public List<String> lines() {
        return stdout.lines().toList();
    }

    /**
     * Drains both streams while waiting (a full pipe would block the child), then collects them.
     *
     * @param what how a timeout names the process
     */
    public static ProcessResult await(Process p, int timeoutSeconds, String what) throws Exception {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + " did not finish within " + timeoutSeconds + " s");
        }
        return new ProcessResult(p.exitValue(), out.get(), err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
