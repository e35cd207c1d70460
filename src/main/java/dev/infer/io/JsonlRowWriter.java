package dev.infer.io;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** JSONL output; see {@link RowWriters} for the format. */
final class JsonlRowWriter implements RowWriter {
    private static final List<String> INPUT = List.of("input");

    private final Writer w;
    private final List<String> resultFields;
    private final String[] baseNames;
    private final StringBuilder sb = new StringBuilder(1024);
    private Header cachedHeader;
    private String[] cachedNames;

    JsonlRowWriter(Writer w, List<String> resultFields) {
        this.w = w;
        this.resultFields = List.copyOf(resultFields);
        this.baseNames = OutputNames.resultAndErrorNames(this.resultFields, n -> false);
    }

    @Override
    public void write(Row row, Object[] results, String error) throws IOException {
        int nr = resultFields.size();
        if (results != null && results.length != nr) {
            throw new IllegalArgumentException("expected " + nr + " results, got " + results.length);
        }
        RowFields f = row.fields();
        sb.setLength(0);
        boolean comma;
        String[] names;
        if (f instanceof RowFields.Json j) {
            names = namesFor(j);
            String raw = j.raw();
            int close = closingBrace(raw);
            if (close < 0) {
                raw = j.node().toString();
                close = closingBrace(raw);
            }
            w.write(raw, 0, close);
            comma = !emptyBefore(raw, close);
        } else if (f instanceof RowFields.Delimited d) {
            Header h = d.header();
            if (h != cachedHeader) {
                cachedHeader = h;
                cachedNames = OutputNames.resultAndErrorNames(resultFields, n -> h.indexOf(n) >= 0);
            }
            names = cachedNames;
            sb.append('{');
            List<String> cols = h.names();
            for (int i = 0; i < cols.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                JsonText.string(sb, cols.get(i));
                sb.append(':');
                JsonText.string(sb, d.text(i));
            }
            comma = !cols.isEmpty();
        } else {
            RowFields.Unparsed u = (RowFields.Unparsed) f;
            names = OutputNames.resultAndErrorNames(resultFields, INPUT::contains);
            sb.append("{\"input\":");
            JsonText.string(sb, u.raw());
            comma = true;
        }
        for (int i = 0; i < nr; i++) {
            if (comma) {
                sb.append(',');
            }
            comma = true;
            JsonText.string(sb, names[i]);
            sb.append(':');
            JsonText.value(sb, results == null ? null : results[i]);
        }
        if (error != null) {
            if (comma) {
                sb.append(',');
            }
            JsonText.string(sb, names[nr]);
            sb.append(':');
            JsonText.string(sb, error);
        }
        sb.append("}\n");
        w.append(sb);
        if (sb.capacity() > (1 << 20)) {
            sb.setLength(0);
            sb.trimToSize();
        }
    }

    /** Per row, since JSON rows need not share keys; allocation-free when nothing collides. */
    private String[] namesFor(RowFields.Json j) {
        for (String n : baseNames) {
            if (j.has(n)) {
                return OutputNames.resultAndErrorNames(resultFields, j::has);
            }
        }
        return baseNames;
    }

    /** Index of the object's closing brace (trailing whitespace allowed), or -1. */
    static int closingBrace(String raw) {
        if (raw == null) {
            return -1;
        }
        int end = raw.length() - 1;
        while (end >= 0 && isWs(raw.charAt(end))) {
            end--;
        }
        return end >= 0 && raw.charAt(end) == '}' ? end : -1;
    }

    private static boolean emptyBefore(String raw, int close) {
        int k = close - 1;
        while (k >= 0 && isWs(raw.charAt(k))) {
            k--;
        }
        return k >= 0 && raw.charAt(k) == '{';
    }

    private static boolean isWs(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    @Override
    public void flush() throws IOException {
        w.flush();
    }

    @Override
    public void close() throws IOException {
        w.close();
    }
}
