package dev.infer.io;

import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Hand-written JSON output for the writers' hot path: no tree per row, and full control over number
 * text. Floats use the shortest text that reads back to the same value (Jackson's Schubfach
 * writer; Java 17's own Float.toString is not always shortest); NaN and infinities become null.
 */
final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

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
}
