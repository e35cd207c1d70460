package dev.infer.serve;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** How an embedding leaves the server: cut to the asked dimensions, as floats or as base64 bytes. */
final class Vectors {
    private Vectors() {
    }

    /** The first {@code n} dimensions, re-normalized when the vector was; the vector itself when n is null. */
    static float[] cut(float[] v, Integer n, boolean normalize) {
        return n == null ? v : dev.infer.model.VectorMath.firstDimensions(v, n, normalize);
    }

    /** The vector's little-endian float32 bytes in base64, as TEI and OpenAI send {@code encoding_format: base64}. */
    static String base64(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
