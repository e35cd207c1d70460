package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help, version, and what a user sees for mistakes: one line, exit code 2, no stack trace. */
class CliIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"embed", "classify", "tokenize", "model"})
    void everyCommandHasHelp(String command) throws Exception {
        ProcessResult r = Infer.run(command, "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("Usage: infer " + command), r.stdout());
    }

    @Test
    void versionNamesTheRuntimes() throws Exception {
        ProcessResult r = Infer.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().startsWith("infer 0.1.0"), r.stdout());
        assertTrue(r.stdout().contains("ONNX Runtime 1.29.0"), r.stdout());
    }

    @Test
    void missingColumnNamesTheColumnsThatExist() throws Exception {
        Path in = Infer.write(dir, "reviews.csv", "id,body,stars\n1,nice,5\n");
        ProcessResult r = Infer.run("classify", "--in", in.toString(), "--text-column", "review");
        assertUsageError(r, "review");
        assertTrue(r.stderr().contains("id, body, stars"), r.stderr());
    }

    @Test
    void missingDefaultTextColumnIsAUsageError() throws Exception {
        Path in = Infer.write(dir, "reviews.csv", "id,body\n1,nice\n");
        assertUsageError(Infer.run("embed", "--in", in.toString()), "text");
    }

    @Test
    void aSingleColumnIsTheTextColumn() throws Exception {
        Path in = Infer.write(dir, "one.csv", "review\nGreat stuff\n");
        ProcessResult r = Infer.run("tokenize", "--in", in.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("review,tokens,truncated,error", r.lines().get(0));
        assertEquals("Great stuff,4,false,", r.lines().get(1));
    }

    @Test
    void missingInputFile() throws Exception {
        assertUsageError(Infer.run("embed", "--in", dir.resolve("nope.csv").toString()), "nope.csv");
    }

    @Test
    void unknownFlag() throws Exception {
        ProcessResult r = Infer.run("embed", "--bogus");
        assertUsageError(r, "--bogus");
    }

    @Test
    void badValues() throws Exception {
        Path in = Infer.write(dir, "in.csv", "text\nhi\n");
        assertUsageError(Infer.run("embed", "--in", in.toString(), "--threads", "0"), "--threads");
        assertUsageError(Infer.run("embed", "--in", in.toString(), "--pooling", "median"), "--pooling");
        assertUsageError(Infer.run("classify", "--in", in.toString(), "--labels", "only"), "--labels");
        assertUsageError(Infer.run("embed", "--in", in.toString(), "--format", "xml"), "xml");
        assertUsageError(Infer.run("embed", "--in", in.toString(), "--model", dir.resolve("no-model").toString()),
                "no-model");
    }

    @Test
    void noCommand() throws Exception {
        assertUsageError(Infer.run(), "command");
    }

    @Test
    void modelInspectDescribesTheDefaultModel() throws Exception {
        ProcessResult r = Infer.run("model", "inspect", "--json");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("\"batch_sensitive\" : true"), r.stdout());
        assertTrue(r.stdout().contains("last_hidden_state"), r.stdout());
        assertTrue(r.stdout().contains("\"max_length\" : 256"), r.stdout());
    }

    static void assertUsageError(ProcessResult r, String mentioned) {
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("infer: "), r.stderr());
        assertTrue(r.stderr().contains(mentioned), r.stderr());
        assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
        assertEquals("", r.stdout());
    }
}
