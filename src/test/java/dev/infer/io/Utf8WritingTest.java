package dev.infer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-level writing ({@link Utf8Out}, {@link JsonText}, the CSV/TSV result cells) against what the
 * writers wrote before it: a StringBuilder of the old {@code JsonText} (kept below, verbatim, as the
 * contract) encoded by {@link OutputStreamWriter}. Seeded random values and texts: every kind of value,
 * control characters, quotes, non-ASCII, surrogate pairs and lone surrogates, across buffer boundaries.
 */
class Utf8WritingTest {
    private static final String[] PIECES = {"a", "Z", " ", "\t", "\n", "\r", ",", "\"", "\\", "\u0000", "\u001f",
        "\u007f", "\u00e9", "\u07ff", "\u0800", "\u20ac", "\uffff", "\ud83d\ude00", "\ud800", "\udfff", "\ud83d",
        "\ude00x", "caf\u00e9", "\u00fc\u00e4", "\u6f22\u5b57", "{", "}", "[", "0"};

    private static String randomText(SplittableRandom r, int maxPieces) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextInt(4) == 0 ? PIECES[r.nextInt(PIECES.length)] : "w" + r.nextInt(1000));
        }
        return sb.toString();
    }

    private static Object randomValue(SplittableRandom r, int depth) {
        switch (r.nextInt(depth > 2 ? 9 : 13)) {
            case 0: return null;
            case 1: return randomText(r, 6);
            case 2: return Float.intBitsToFloat(r.nextInt());
            case 3: return r.nextBoolean() ? r.nextDouble() * 2 - 1 : Double.longBitsToDouble(r.nextLong());
            case 4: return r.nextInt();
            case 5: return r.nextLong();
            case 6: return r.nextBoolean();
            case 7: {
                float[] a = new float[r.nextInt(40)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextInt(20) == 0 ? Float.intBitsToFloat(r.nextInt()) : (float) (r.nextDouble() * 0.2 - 0.1);
                }
                return a;
            }
            case 8: return new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(-5, 5));
            case 9: {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    l.add(randomValue(r, depth + 1));
                }
                return l;
            }
            case 10: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    m.put(randomText(r, 2), randomValue(r, depth + 1));
                }
                return m;
            }
            case 11: return new int[] {r.nextInt(), r.nextInt(10)};
            default: return new double[] {r.nextDouble(), Double.NaN, r.nextLong()};
        }
    }

    private static byte[] bytes(Utf8Out out) {
        byte[] b = new byte[out.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.byteAt(i);
        }
        return b;
    }

    /** What the old writers sent: the chars through OutputStreamWriter, in the pieces they were written in. */
    private static byte[] encodedBefore(List<String> pieces) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(bos, StandardCharsets.UTF_8)) {
            for (String p : pieces) {
                w.write(p);
            }
        }
        return bos.toByteArray();
    }

    @Test
    void textIsEncodedAsOutputStreamWriterEncodedItAtEveryBufferSize() throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 1000; round++) {
            // Each piece ends in ASCII, as every piece the writers write is followed by ASCII (a quote, a comma,
            // a brace): a pair is never split between two calls, which the old encoder would have joined.
            List<String> pieces = new ArrayList<>();
            for (int i = r.nextInt(1, 6); i > 0; i--) {
                pieces.add(randomText(r, 60) + ".");
            }
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            Utf8Out out = new Utf8Out(bos, r.nextInt(1, 200)); // small buffers: every boundary is crossed
            for (String p : pieces) {
                int cut = r.nextInt(p.length());
                if (cut > 0 && Character.isHighSurrogate(p.charAt(cut - 1)) && Character.isLowSurrogate(p.charAt(cut))) {
                    cut--;
                }
                out.text(p, 0, cut);
                out.text(p, cut, p.length());
            }
            out.close();
            assertArrayEquals(encodedBefore(pieces), bos.toByteArray(), String.join("|", pieces));
        }
    }

    @Test
    void jsonValuesAreTheBytesTheOldTextEncodedTo() throws IOException {
        SplittableRandom r = new SplittableRandom(12);
        Utf8Out out = Utf8Out.inMemory(16);
        for (int round = 0; round < 20_000; round++) {
            Object v = randomValue(r, 0);
            StringBuilder sb = new StringBuilder();
            Before.value(sb, v);
            out.reset();
            JsonText.value(out, v);
            assertArrayEquals(encodedBefore(List.of(sb.toString())), bytes(out), sb.toString());
        }
    }

    @Test
    void csvAndTsvResultCellsAreTheBytesTheOldCellsEncodedTo() throws IOException {
        SplittableRandom r = new SplittableRandom(13);
        for (char delim : new char[] {',', '\t'}) {
            for (int round = 0; round < 5_000; round++) {
                Object v = r.nextInt(8) == 0 ? randomText(r, 4) : randomValue(r, 0);
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                try (RowWriter w = RowWriters.open(bos, delim == ',' ? Format.CSV : Format.TSV, List.of(), List.of("r"))) {
                    w.write(Row.ok(0, 1, null, "t"), new Object[] {v}, null);
                }
                String expected = "r" + delim + "error\n" + Before.quoted(Before.cell(v), delim) + delim + "\n";
                assertArrayEquals(encodedBefore(List.of(expected)), bos.toByteArray(), expected);
            }
        }
    }

    /** The writers' text as infer wrote it before the byte-level writers (git 1b1621d, io/JsonText.java). */
    static final class Before {
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        static void string(StringBuilder sb, String s) {
            sb.append('"');
            int n = s.length();
            int start = 0;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\') {
                    continue;
                }
                sb.append(s, start, i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
                start = i + 1;
            }
            sb.append(s, start, n).append('"');
        }

        /** Any supported result value as JSON. */
        static void value(StringBuilder sb, Object v) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String s) {
                string(sb, s);
            } else if (v instanceof Number num) {
                String t = number(num);
                sb.append(t == null ? "null" : t);
            } else if (v instanceof Boolean b) {
                sb.append(b.booleanValue());
            } else if (v instanceof float[] a) {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(Float.isFinite(a[i]) ? NumberOutput.toString(a[i], true) : "null");
                }
                sb.append(']');
            } else if (v instanceof double[] a) {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(Double.isFinite(a[i]) ? NumberOutput.toString(a[i], true) : "null");
                }
                sb.append(']');
            } else if (v instanceof int[] a) {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(a[i]);
                }
                sb.append(']');
            } else if (v instanceof long[] a) {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(a[i]);
                }
                sb.append(']');
            } else if (v instanceof Object[] a) {
                sb.append('[');
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    value(sb, a[i]);
                }
                sb.append(']');
            } else if (v instanceof Iterable<?> it) {
                sb.append('[');
                boolean first = true;
                for (Object o : it) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    value(sb, o);
                }
                sb.append(']');
            } else if (v instanceof Map<?, ?> m) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    value(sb, e.getValue());
                }
                sb.append('}');
            } else if (v instanceof JsonNode node) {
                sb.append(node.toString());
            } else if (v instanceof Enum<?> e) {
                string(sb, e.name());
            } else {
                string(sb, v.toString());
            }
        }

        /** JSON number text, or null for NaN and infinities (which JSON cannot hold). */
        static String number(Number n) {
            if (n instanceof Float f) {
                return Float.isFinite(f) ? NumberOutput.toString(f.floatValue(), true) : null;
            }
            if (n instanceof Double d) {
                return Double.isFinite(d) ? NumberOutput.toString(d.doubleValue(), true) : null;
            }
            if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                    || n instanceof BigInteger || n instanceof BigDecimal) {
                return n.toString();
            }
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            return n.toString();
        }

        /**
         * A value as one CSV/TSV cell: strings as they are, numbers and booleans as JSON would write
         * them, null (and NaN) as empty, anything structured as compact JSON.
         */
        static String cell(Object v) {
            if (v == null) {
                return "";
            }
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof Number n) {
                String t = number(n);
                return t == null ? "" : t;
            }
            if (v instanceof Boolean b) {
                return b.toString();
            }
            if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
                return v instanceof Enum<?> e ? e.name() : v.toString();
            }
            if (v instanceof JsonNode node && node.isTextual()) {
                return node.textValue();
            }
            StringBuilder sb = new StringBuilder();
            value(sb, v);
            return sb.toString();
        }

        /** The quoting of the old DelimitedRowWriter.cell. */
        static String quoted(String v, char delim) {
            int n = v.length();
            boolean needs = false;
            if (n > 0) {
                char first = v.charAt(0);
                char last = v.charAt(n - 1);
                needs = first == ' ' || first == '\t' || last == ' ' || last == '\t';
                for (int i = 0; i < n && !needs; i++) {
                    char c = v.charAt(i);
                    needs = c == delim || c == '"' || c == '\n' || c == '\r';
                }
            }
            return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
        }
    }
}
