package dev.infer.io;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Hand-written JSON output for the writers' hot path: no tree per row, no String per number, and full
 * control over number text. Floats use the shortest text that reads back to the same value
 * ({@link FloatText}; Java 17's own Float.toString is not always shortest); NaN and infinities become null.
 */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    static void string(Utf8Out out, String s) throws IOException {
        out.ascii('"');
        int n = s.length();
        int start = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.text(s, start, i);
            switch (c) {
                case '"' -> out.ascii("\\\"");
                case '\\' -> out.ascii("\\\\");
                case '\n' -> out.ascii("\\n");
                case '\r' -> out.ascii("\\r");
                case '\t' -> out.ascii("\\t");
                case '\b' -> out.ascii("\\b");
                case '\f' -> out.ascii("\\f");
                default -> {
                    out.ascii("\\u00");
                    out.ascii(HEX[c >> 4]);
                    out.ascii(HEX[c & 0xF]);
                }
            }
            start = i + 1;
        }
        out.text(s, start, n);
        out.ascii('"');
    }

    /** Any supported result value as JSON. */
    static void value(Utf8Out out, Object v) throws IOException {
        if (v == null) {
            out.ascii("null");
        } else if (v instanceof String s) {
            string(out, s);
        } else if (v instanceof Number num) {
            number(out, num, "null");
        } else if (v instanceof Boolean b) {
            out.ascii(b ? "true" : "false");
        } else if (v instanceof float[] a) {
            out.ascii('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                floatOrNull(out, a[i]);
            }
            out.ascii(']');
        } else if (v instanceof PackedFloats a) {
            out.ascii('[');
            for (int i = 0; i < a.count(); i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                floatOrNull(out, a.get(i));
            }
            out.ascii(']');
        } else if (v instanceof double[] a) {
            out.ascii('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                out.ascii(Double.isFinite(a[i]) ? NumberOutput.toString(a[i], true) : "null");
            }
            out.ascii(']');
        } else if (v instanceof int[] a) {
            out.ascii('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                out.number(a[i]);
            }
            out.ascii(']');
        } else if (v instanceof long[] a) {
            out.ascii('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                out.number(a[i]);
            }
            out.ascii(']');
        } else if (v instanceof Object[] a) {
            out.ascii('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                value(out, a[i]);
            }
            out.ascii(']');
        } else if (v instanceof Iterable<?> it) {
            out.ascii('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) {
                    out.ascii(',');
                }
                first = false;
                value(out, o);
            }
            out.ascii(']');
        } else if (v instanceof Map<?, ?> m) {
            out.ascii('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    out.ascii(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.ascii(':');
                value(out, e.getValue());
            }
            out.ascii('}');
        } else if (v instanceof JsonNode node) {
            out.text(node.toString());
        } else if (v instanceof Enum<?> e) {
            string(out, e.name());
        } else {
            string(out, v.toString());
        }
    }

    private static void floatOrNull(Utf8Out out, float f) throws IOException {
        if (Float.isFinite(f)) {
            out.floatText(f);
        } else {
            out.ascii("null");
        }
    }

    /** JSON number text, or {@code nonFinite} for NaN and infinities (which JSON cannot hold). */
    private static void number(Utf8Out out, Number n, String nonFinite) throws IOException {
        if (n instanceof Float f) {
            if (Float.isFinite(f)) {
                out.floatText(f);
            } else {
                out.ascii(nonFinite);
            }
        } else if (n instanceof Double d) {
            out.ascii(Double.isFinite(d) ? NumberOutput.toString(d.doubleValue(), true) : nonFinite);
        } else if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            out.number(n.longValue());
        } else if (n instanceof BigInteger || n instanceof BigDecimal || Double.isFinite(n.doubleValue())) {
            out.text(n.toString());
        } else {
            out.ascii(nonFinite);
        }
    }

    /**
     * A value that is written as one CSV/TSV cell as it is (strings, booleans; null as empty), or null when
     * the value must be rendered first ({@link #cell}).
     */
    static String plainCell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof CharSequence || v instanceof Character) {
            return v.toString();
        }
        if (v instanceof JsonNode node && node.isTextual()) {
            return node.textValue();
        }
        return null;
    }

    /**
     * Renders a value that {@link #plainCell} did not take: numbers as JSON would write them (NaN and the
     * infinities as empty), anything structured as compact JSON.
     */
    static void cell(Utf8Out out, Object v) throws IOException {
        if (v instanceof Number n) {
            number(out, n, "");
        } else {
            value(out, v);
        }
    }
}
