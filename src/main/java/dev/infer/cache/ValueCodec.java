package dev.infer.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A row's results as exact bytes: every number keeps its bits (floats as IEEE 754, not text), lists
 * and maps their order, so a cache hit writes the very same output as the computation did. A CRC-32
 * trailer catches a damaged value: a cache never gives a wrong answer, it fails.
 */
public final class ValueCodec {
    private static final int NULL = 0, STRING = 1, INT = 2, LONG = 3, DOUBLE = 4, FLOAT = 5, TRUE = 6, FALSE = 7,
            FLOATS = 8, DOUBLES = 9, LIST = 10, MAP = 11, INTS = 12, LONGS = 13;

    private ValueCodec() {
    }

    public static byte[] encode(Object[] values) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(values.length);
            for (Object v : values) {
                write(out, v);
            }
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e); // in-memory streams do not fail
        }
    }

    /** @throws IllegalArgumentException when the bytes are damaged or not a value of this codec */
    public static Object[] decode(byte[] data) {
        if (data.length < 8) {
            throw new IllegalArgumentException("a stored value is too short (" + data.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        int stored = (data[data.length - 4] & 0xff) << 24 | (data[data.length - 3] & 0xff) << 16
                | (data[data.length - 2] & 0xff) << 8 | (data[data.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new IllegalArgumentException("a stored value fails its checksum");
        }
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data, 0, data.length - 4));
            int n = in.readInt();
            if (n < 0 || n > 1000) {
                throw new IllegalArgumentException("a stored value has " + n + " fields");
            }
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                values[i] = read(in);
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("a stored value has trailing bytes");
            }
            return values;
        } catch (IOException e) {
            throw new IllegalArgumentException("a stored value is cut short", e);
        }
    }

    private static void write(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeInt(Float.floatToRawIntBits(f));
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof float[] a) {
            out.writeByte(FLOATS);
            out.writeInt(a.length);
            for (float f : a) {
                out.writeInt(Float.floatToRawIntBits(f));
            }
        } else if (v instanceof double[] a) {
            out.writeByte(DOUBLES);
            out.writeInt(a.length);
            for (double d : a) {
                out.writeLong(Double.doubleToRawLongBits(d));
            }
        } else if (v instanceof int[] a) {
            out.writeByte(INTS);
            out.writeInt(a.length);
            for (int i : a) {
                out.writeInt(i);
            }
        } else if (v instanceof long[] a) {
            out.writeByte(LONGS);
            out.writeInt(a.length);
            for (long l : a) {
                out.writeLong(l);
            }
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object o : list) {
                write(out, o);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(out, String.valueOf(e.getKey()));
                write(out, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot store a result of type " + v.getClass().getName());
        }
    }

    private static Object read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING: {
                byte[] b = new byte[length(in)];
                in.readFully(b);
                return new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case DOUBLE:
                return Double.longBitsToDouble(in.readLong());
            case FLOAT:
                return Float.intBitsToFloat(in.readInt());
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case FLOATS: {
                float[] a = new float[length(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Float.intBitsToFloat(in.readInt());
                }
                return a;
            }
            case DOUBLES: {
                double[] a = new double[length(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Double.longBitsToDouble(in.readLong());
                }
                return a;
            }
            case INTS: {
                int[] a = new int[length(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                return a;
            }
            case LONGS: {
                long[] a = new long[length(in)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readLong();
                }
                return a;
            }
            case LIST: {
                int n = length(in);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case MAP: {
                int n = length(in);
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

    private static int length(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalArgumentException("a stored value has a bad length " + n);
        }
        return n;
    }
}
