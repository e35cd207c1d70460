package dev.infer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class VectorsTest {
    @Test
    void base64IsLittleEndianFloat32() {
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000: bytes 00 00 80 3F 00 00 20 C0, low byte first
        assertEquals("AACAPwAAIMA=", Vectors.base64(new float[] {1.0f, -2.5f}));
    }

    @Test
    void dimensionsKeepTheFirstAndRenormalize() {
        float[] v = {0.6f, 0.0f, 0.8f, 0.0f};
        float[] cut = Vectors.cut(v, 2, true);
        assertEquals(2, cut.length);
        assertEquals(1.0f, cut[0], 1e-7f); // (0.6, 0) scaled to unit length
        assertEquals(0.0f, cut[1]);
        float[] raw = Vectors.cut(v, 3, false);
        assertEquals(0.8f, raw[2]); // not normalizing: the values as they were
        assertSame(v, Vectors.cut(v, null, true));
        assertSame(v, Vectors.cut(v, 4, true));
    }
}
