package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * scripts/infer: its JVM defaults and class-data archive change nothing a user sees, and a broken
 * archive only costs speed.
 */
class LauncherIT {
    private static final Path JAR = Path.of(System.getProperty("infer.jar", "target/infer-0.1.0.jar")).toAbsolutePath();
    private static final Path ROOT = JAR.getParent().getParent();
    private static final Path ARCHIVE = ROOT.resolve("target/infer.jsa");
    private static final byte[] ROW = "{\"id\":1,\"text\":\"The launcher changes nothing you can see.\"}\n"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void sameBytesAsPlainJavaAndABrokenArchiveOnlyCostsSpeed() throws Exception {
        Infer.Result plain = Infer.runWithInput(ROW, "embed");
        assertEquals(0, plain.exitCode(), plain.stderr());

        Infer.Result launched = launcher(ROW, "embed");
        assertEquals(0, launched.exitCode(), launched.stderr());
        assertEquals(plain.stdout(), launched.stdout(), "the launcher's JVM defaults change no output byte");
        assertTrue(Files.size(ARCHIVE) > 0, "the launcher made its class-data archive");
        assertFalse(launched.stderr().contains("cds"), launched.stderr());

        // An archive that is not one (a foreign JDK's, a truncated file): skipped without a word.
        Files.write(ARCHIVE, "not an archive".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(ARCHIVE, FileTime.fromMillis(Files.getLastModifiedTime(JAR).toMillis() + 1000));
        try {
            Infer.Result broken = launcher(ROW, "embed");
            assertEquals(0, broken.exitCode(), broken.stderr());
            assertEquals(plain.stdout(), broken.stdout());
            assertFalse(broken.stderr().contains("warning"), broken.stderr());
        } finally {
            Files.deleteIfExists(ARCHIVE); // the next launcher run makes a good one again
        }
    }

    private static Infer.Result launcher(byte[] stdin, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(ROOT.resolve("scripts/infer").toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Infer.offlineEnvironment(pb.environment());
        pb.environment().put("INFER_NO_BUILD", "1"); // test the jar Maven just built, never rebuild it here
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/infer did not finish within 240 s");
        }
        return new Infer.Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
