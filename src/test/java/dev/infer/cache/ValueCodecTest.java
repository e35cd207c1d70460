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
        Object[] back = ValueCodec.decode(ValueCodec.encode(values));
        assertEquals(values.length, back.length);
        float[] f = (float[]) back[0];
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
