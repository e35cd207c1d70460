package dev.infer.cache;

import dev.infer.io.PackedFloats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A row's results as exact bytes: every number keeps its bits (floats as IEEE 754, not text), lists
 * and maps their order, so a cache hit writes the very same output as the computation did. A CRC-32
 * trailer catches a damaged value: a cache never gives a wrong answer, it fails.
 *
 * <p>The layout is DataOutputStream's (big-endian): the field count, then per value a tag and its payload,
 * then the CRC-32 of everything before it. A decoded float array is a {@link PackedFloats} view of the
 * stored bytes: the writer formats the floats from there, so a hit copies no float.
 */
public final class ValueCodec {
    private static final int NULL = 0, STRING = 1, INT = 2, LONG = 3, DOUBLE = 4, FLOAT = 5, TRUE = 6, FALSE = 7,
            FLOATS = 8, DOUBLES = 9, LIST = 10, MAP = 11, INTS = 12, LONGS = 13;

    private ValueCodec() {
    }

    public static byte[] encode(Object[] values) {
        Out out = new Out(16 + 8 * values.length);
        out.putInt(values.length);
        for (Object v : values) {
            write(out, v);
        }
        CRC32 crc = new CRC32();
        crc.update(out.bytes, 0, out.size);
        out.putInt((int) crc.getValue());
        return Arrays.copyOf(out.bytes, out.size);
    }

    /** @throws IllegalArgumentException when the bytes are damaged or not a value of this codec */
    public static Object[] decode(byte[] data) {
        if (data.length < 8) {
            throw new IllegalArgumentException("a stored value is too short (" + data.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        In in = new In(data, data.length - 4);
        int stored = in.intAt(data.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new IllegalArgumentException("a stored value fails its checksum");
        }
        int n = in.getInt();
        if (n < 0 || n > 1000) {
            throw new IllegalArgumentException("a stored value has " + n + " fields");
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = read(in);
        }
        if (in.pos != in.end) {
            throw new IllegalArgumentException("a stored value has trailing bytes");
        }
        return values;
    }

    /** A growing big-endian byte array. */
    private static final class Out {
        byte[] bytes;
        int size;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        void room(int n) {
            if (bytes.length - size < n) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + n));
            }
        }

        void put(int b) {
            room(1);
            bytes[size++] = (byte) b;
        }

        void putInt(int v) {
            room(4);
            bytes[size] = (byte) (v >>> 24);
            bytes[size + 1] = (byte) (v >>> 16);
            bytes[size + 2] = (byte) (v >>> 8);
            bytes[size + 3] = (byte) v;
            size += 4;
        }

        void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        void put(byte[] b, int from, int n) {
            room(n);
            System.arraycopy(b, from, bytes, size, n);
            size += n;
        }
    }

    /** Big-endian reads up to {@code end}; reading past it is a value cut short. */
    private static final class In {
        final byte[] data;
        final int end;
        int pos;

        In(byte[] data, int end) {
            this.data = data;
            this.end = end;
        }

        int intAt(int p) {
            return (data[p] & 0xff) << 24 | (data[p + 1] & 0xff) << 16 | (data[p + 2] & 0xff) << 8 | (data[p + 3] & 0xff);
        }

        int skip(int n) {
            if (end - pos < n) {
                throw new IllegalArgumentException("a stored value is cut short");
            }
            int p = pos;
            pos += n;
            return p;
        }

        int getByte() {
            return data[skip(1)] & 0xff;
        }

        int getInt() {
            return intAt(skip(4));
        }

        long getLong() {
            return (long) getInt() << 32 | getInt() & 0xffff_ffffL;
        }

        /** A length field: never more than the bytes left (so a damaged one allocates nothing large). */
        int length() {
            int n = getInt();
            if (n < 0 || n > end - pos) {
                throw new IllegalArgumentException("a stored value has a bad length " + n);
            }
            return n;
        }
    }

    private static void write(Out out, Object v) {
        if (v == null) {
            out.put(NULL);
        } else if (v instanceof String s) {
            out.put(STRING);
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.putInt(b.length);
            out.put(b, 0, b.length);
        } else if (v instanceof Integer i) {
            out.put(INT);
            out.putInt(i);
        } else if (v instanceof Long l) {
            out.put(LONG);
            out.putLong(l);
        } else if (v instanceof Double d) {
            out.put(DOUBLE);
            out.putLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof Float f) {
            out.put(FLOAT);
            out.putInt(Float.floatToRawIntBits(f));
        } else if (v instanceof Boolean b) {
            out.put(b ? TRUE : FALSE);
        } else if (v instanceof float[] a) {
            out.put(FLOATS);
            out.putInt(a.length);
            for (float f : a) {
                out.putInt(Float.floatToRawIntBits(f));
            }
        } else if (v instanceof PackedFloats a) {
            out.put(FLOATS);
            out.putInt(a.count());
            out.put(a.bytes(), a.offset(), 4 * a.count());
        } else if (v instanceof double[] a) {
            out.put(DOUBLES);
            out.putInt(a.length);
            for (double d : a) {
                out.putLong(Double.doubleToRawLongBits(d));
            }
        } else if (v instanceof int[] a) {
            out.put(INTS);
            out.putInt(a.length);
            for (int i : a) {
                out.putInt(i);
            }
        } else if (v instanceof long[] a) {
            out.put(LONGS);
            out.putInt(a.length);
            for (long l : a) {
                out.putLong(l);
            }
        } else if (v instanceof List<?> list) {
            out.put(LIST);
            out.putInt(list.size());
            for (Object o : list) {
                write(out, o);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.put(MAP);
            out.putInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot store a result of type " + v.getClass().getName());
        }
    }

    private static Object read(In in) {
        int tag = in.getByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING: {
                int n = in.length();
                return new String(in.data, in.skip(n), n, StandardCharsets.UTF_8);
            }
            case INT:
                return in.getInt();
            case LONG:
                return in.getLong();
            case DOUBLE:
                return Double.longBitsToDouble(in.getLong());
            case FLOAT:
                return Float.intBitsToFloat(in.getInt());
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case FLOATS: {
                int n = in.length();
                if (n > (in.end - in.pos) / 4) {
                    throw new IllegalArgumentException("a stored value is cut short");
                }
                return new PackedFloats(in.data, in.skip(4 * n), n);
            }
            case DOUBLES: {
                double[] a = new double[in.length()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Double.longBitsToDouble(in.getLong());
                }
                return a;
            }
            case INTS: {
                int[] a = new int[in.length()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.getInt();
                }
                return a;
            }
            case LONGS: {
                long[] a = new long[in.length()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.getLong();
                }
                return a;
            }
            case LIST: {
                int n = in.length();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case MAP: {
                int n = in.length();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put((String) read(in), read(in));
                }
                return map;
            }
            default:
                throw new IllegalArgumentException("a stored value has an unknown type tag " + tag);
        }
    }
}
