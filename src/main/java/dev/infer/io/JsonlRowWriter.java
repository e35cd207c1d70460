package dev.infer.io;

import java.io.IOException;
import java.util.List;

/** JSONL output; see {@link RowWriters} for the format. */
final class JsonlRowWriter implements RowWriter {
    private static final List<String> INPUT = List.of("input");

    private final Utf8Out out;
    private final List<String> resultFields;
    private final String[] baseNames;
    private Header cachedHeader;
    private String[] cachedNames;

    JsonlRowWriter(Utf8Out out, List<String> resultFields) {
        this.out = out;
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
            out.text(raw, 0, close);
            comma = !emptyBefore(raw, close);
        } else if (f instanceof RowFields.Delimited d) {
            Header h = d.header();
            if (h != cachedHeader) {
                cachedHeader = h;
                cachedNames = OutputNames.resultAndErrorNames(resultFields, n -> h.indexOf(n) >= 0);
            }
            names = cachedNames;
            out.ascii('{');
            List<String> cols = h.names();
            for (int i = 0; i < cols.size(); i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                JsonText.string(out, cols.get(i));
                out.ascii(':');
                JsonText.string(out, d.text(i));
            }
            comma = !cols.isEmpty();
        } else {
            RowFields.Unparsed u = (RowFields.Unparsed) f;
            names = OutputNames.resultAndErrorNames(resultFields, INPUT::contains);
            out.ascii("{\"input\":");
            JsonText.string(out, u.raw());
            comma = true;
        }
        for (int i = 0; i < nr; i++) {
            if (comma) {
                out.ascii(',');
            }
            comma = true;
            JsonText.string(out, names[i]);
            out.ascii(':');
            JsonText.value(out, results == null ? null : results[i]);
        }
        if (error != null) {
            if (comma) {
                out.ascii(',');
            }
            JsonText.string(out, names[nr]);
            out.ascii(':');
            JsonText.string(out, error);
        }
        out.ascii("}\n");
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
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
