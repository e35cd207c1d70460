package dev.infer.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticHeadTest {
    @TempDir
    Path dir;

    @Test
    void saveAndLoadRoundTripsEveryNumber() throws Exception {
        int[] y = new int[30];
        float[][] x = HeadFitTest.clusters(10, 5, y);
        LogisticHead head = HeadFitTest.head(HeadFit.fit(x, y, 3, 0.1), 0.9333);
        Path file = dir.resolve("head.json");
        head.save(file);
        LogisticHead back = LogisticHead.load(file);
        assertArrayEquals(head.toJson(), back.toJson());
        assertArrayEquals(Files.readAllBytes(file), back.toJson());
        assertEquals(head.modelIdentity(), back.modelIdentity());
        assertEquals("query: ", back.prefix());
        assertEquals(0.9333, back.cvAccuracy());
        for (float[] v : x) {
            assertArrayEquals(head.weights().probabilities(v), back.weights().probabilities(v));
        }
        assertTrue(Files.notExists(dir.resolve("head.json.tmp")));
    }

    @Test
    void refusesFilesThatAreNotHeads() throws Exception {
        assertMessage(dir.resolve("nope.json"), "--head " + dir.resolve("nope.json") + " does not exist");
        Path text = Files.writeString(dir.resolve("t.json"), "not json");
        assertMessage(text, "is not a JSON head file");
        Path other = Files.writeString(dir.resolve("o.json"), "{\"format\":\"something\"}");
        assertMessage(other, "is not a head saved by infer classify --save-head");
        Path damaged = Files.writeString(dir.resolve("d.json"), "{\"format\":\"infer-logistic-head\",\"version\":1,"
                + "\"labels\":[\"a\",\"b\"],\"dimension\":2,\"mean\":[0,0],\"scale\":[1,1],\"weights\":[[1,2]],"
                + "\"bias\":[0,0]}");
        assertMessage(damaged, "is damaged");
    }

    private static void assertMessage(Path file, String part) {
        LogisticHead.HeadException e = assertThrows(LogisticHead.HeadException.class, () -> LogisticHead.load(file));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
