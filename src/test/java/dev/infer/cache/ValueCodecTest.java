package dev.infer.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

    @Test
    void everyResultTypeComesBackWithTheSameBitsAndOrder() {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("positive", 0.9876543210123);
        scores.put("negative", 1e-300);
        Object[] values = {
            new float[] {0.1f, -0.0f, Float.NaN, Float.MIN_VALUE, Float.intBitsToFloat(0x7fc00001)},
            "négatif 🙂", 0.12345678901234567, 42, 7L, true, false, null, 1.5f,
            List.of(Map.of("label", "a", "score", 0.5)), scores, new double[] {Double.MAX_VALUE, -0.0},
            new int[] {1, -2}, new long[] {Long.MIN_VALUE}
        };
        byte[] stored = ValueCodec.encode(values);
        Object[] back = ValueCodec.decode(stored);
        assertEquals(values.length, back.length);
        // a view of the stored bits, never copied out (the writers format it as the float[] it was)
        dev.infer.io.PackedFloats packed = (dev.infer.io.PackedFloats) back[0];
        assertTrue(packed.bytes() == stored, "a view of the stored bytes");
        float[] f = packed.toArray();
        float[] g = (float[]) values[0];
        for (int i = 0; i < f.length; i++) {
            assertEquals(Float.floatToRawIntBits(g[i]), Float.floatToRawIntBits(f[i]), "float bits " + i);
        }
        for (int i = 1; i < values.length; i++) {
            if (values[i] instanceof double[] d) {
                assertArrayEquals(d, (double[]) back[i]);
            } else if (values[i] instanceof int[] a) {
                assertArrayEquals(a, (int[]) back[i]);
            } else if (values[i] instanceof long[] a) {
                assertArrayEquals(a, (long[]) back[i]);
            } else {
                assertEquals(values[i], back[i], "field " + i);
            }
        }
        assertEquals(List.of("positive", "negative"), List.copyOf(((Map<?, ?>) back[10]).keySet()), "map order kept");
        assertArrayEquals(stored, ValueCodec.encode(back), "what was read is stored as the same bytes again");
    }

    /** Bytes the codec wrote before it was rewritten without streams (git 1b1621d): caches made then still hit. */
    @Test
    void valuesStoredByEarlierVersionsReadBackAndAreStoredTheSameWay() {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("positive", 0.875);
        scores.put("n\u00e9gatif", 1e-300);
        Object[] values = {new float[] {0.1f, -0.0f, Float.MIN_VALUE, -3.4e38f}, "label \ud83d\ude42", 42, 7L, true, null,
            1.5f, List.of(scores), new double[] {-0.25}, new int[] {-2}, new long[] {Long.MIN_VALUE}, false, 0.5};
        byte[] before = java.util.HexFormat.of().parseHex("0000000d08000000043dcccccd8000000000000001ff7fc99e01000000"
                + "0a6c6162656c20f09f9982020000002a0300000000000000070600053fc000000a000000010b00000002010000000870"
                + "6f736974697665043fec00000000000001000000086ec3a967617469660401a56e1fc2f8f3590900000001bfd00000"
                + "000000000c00000001fffffffe0d00000001800000000000000007043fe00000000000001bad0fc7");
        assertArrayEquals(before, ValueCodec.encode(values));
        Object[] back = ValueCodec.decode(before);
        assertArrayEquals((float[]) values[0], ((dev.infer.io.PackedFloats) back[0]).toArray());
        assertEquals(List.of(scores), back[7]);
        assertArrayEquals(before, ValueCodec.encode(back));
    }

    @Test
    void aDamagedValueIsRefusedNeverMisread() {
        byte[] bytes = ValueCodec.encode(new Object[] {new float[] {1f, 2f, 3f}});
        for (int i = 0; i < bytes.length; i++) {
            byte[] bad = bytes.clone();
            bad[i] ^= 0x10;
            assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(bad), "flipped byte " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(new byte[3]));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 5);
        assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(cut));
        assertTrue(bytes.length < 3 * 4 + 20, "floats stored as raw 4-byte values: " + bytes.length);
    }
}
