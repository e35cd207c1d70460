package dev.infer.io;

/**
 * Floats kept as their IEEE 754 bits (big-endian, 4 bytes each) inside a larger byte array, such as a
 * value read from the cache: the writers format them from there, so they are never copied out into a
 * {@code float[]} first. Written exactly as the {@code float[]} of the same bits would be.
 *
 * @param bytes  the array holding them (not copied: whoever made this must not change it)
 * @param offset where the first float's bytes start
 * @param count  how many floats
 */
public record PackedFloats(byte[] bytes, int offset, int count) {

    public PackedFloats {
        if (offset < 0 || count < 0 || offset + 4L * count > bytes.length) {
            throw new IllegalArgumentException("floats at " + offset + " (" + count + ") do not fit in "
                    + bytes.length + " bytes");
        }
    }

    public float get(int i) {
        int p = offset + 4 * i;
        return Float.intBitsToFloat((bytes[p] & 0xff) << 24 | (bytes[p + 1] & 0xff) << 16
                | (bytes[p + 2] & 0xff) << 8 | (bytes[p + 3] & 0xff));
    }

    public float[] toArray() {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = get(i);
        }
        return a;
    }
}
