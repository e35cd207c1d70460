package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightHashesTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsHashedOnceAndAgainWhenItChanges() throws Exception {
        Path memo = dir.resolve("memo/weights.sha256");
        WeightHashes hashes = new WeightHashes(memo);
        Path model = Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
        FileTime when = FileTime.fromMillis(1_700_000_000_000L);
        Files.setLastModifiedTime(model, when);
        String first = hashes.of(model);
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", first, "SHA-256 of 01 02 03");
        assertTrue(Files.readString(memo).startsWith(first + " 3 1700000000000 "), "remembered by size and mtime");

        // a forged memo entry proves the second call reads the memo instead of the file
        Files.writeString(memo, Files.readString(memo).replace(first, "f".repeat(64)));
        assertEquals("f".repeat(64), new WeightHashes(memo).of(model));

        Files.write(model, new byte[] {1, 2, 4}); // same size, same name: a swapped model
        Files.setLastModifiedTime(model, FileTime.fromMillis(1_700_000_001_000L));
        String swapped = new WeightHashes(memo).of(model);
        assertNotEquals(first, swapped);
        assertNotEquals("f".repeat(64), swapped);
    }

    @Test
    void withoutAWritableMemoFilesAreStillHashed() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path model = Files.write(dir.resolve("m.onnx"), new byte[] {1, 2, 3});
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
                new WeightHashes(blocker.resolve("weights.sha256")).of(model));
        assertEquals("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", new WeightHashes(null).of(model));
    }
}
