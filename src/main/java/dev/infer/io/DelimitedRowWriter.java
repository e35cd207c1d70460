package dev.infer.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;

/** CSV/TSV output; see {@link RowWriters} for the format. */
final class DelimitedRowWriter implements RowWriter {
    private final Utf8Out out;
    /** A result cell rendered whole first, to see whether it needs quotes. */
    private final Utf8Out rendered = Utf8Out.inMemory(4096);
    private final char delim;
    private final List<String> inputColumns;
    private final String[] outNames;
    private final int nResults;
    private static final int MAX_DROPPED_NAMES = 20;
    private final java.util.Set<String> inputColumnSet;
    private final java.util.Set<String> droppedNames = new java.util.LinkedHashSet<>();
    private long rowsWithDropped;
    private boolean headerWritten;
    private Header cachedHeader;
    private int[] cachedMap;

    DelimitedRowWriter(Utf8Out out, char delim, List<String> inputColumns, List<String> resultFields, boolean headerWritten) {
        this.out = out;
        this.headerWritten = headerWritten;
        this.delim = delim;
        this.inputColumns = List.copyOf(inputColumns);
        this.inputColumnSet = new HashSet<>(this.inputColumns);
        this.nResults = resultFields.size();
        this.outNames = OutputNames.resultAndErrorNames(resultFields, new HashSet<>(this.inputColumns)::contains);
    }

    /** The header this writer writes: input columns, renamed result fields, error. */
    List<String> header() {
        List<String> h = new java.util.ArrayList<>(inputColumns);
        h.addAll(List.of(outNames));
        return h;
    }

    private void writeHeader() throws IOException {
        if (headerWritten) {
            return;
        }
        headerWritten = true;
        List<String> h = header();
        for (int i = 0; i < h.size(); i++) {
            if (i > 0) {
                out.ascii(delim);
            }
            cell(h.get(i));
        }
        out.ascii('\n');
    }

    @Override
    public void write(Row row, Object[] results, String error) throws IOException {
        if (results != null && results.length != nResults) {
            throw new IllegalArgumentException("expected " + nResults + " results, got " + results.length);
        }
        writeHeader();
        RowFields f = row.fields();
        int n = inputColumns.size();
        if (f instanceof RowFields.Delimited d) {
            int[] map = mapFor(d.header());
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.ascii(delim);
                }
                int p = map[i];
                cell(p < 0 ? "" : d.text(p));
            }
        } else if (f instanceof RowFields.Json j) {
            countDropped(j);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.ascii(delim);
                }
                JsonNode v = j.node().get(inputColumns.get(i));
                cell(v == null || v.isNull() ? "" : v.isTextual() ? unicode(v.textValue()) : v.toString());
            }
        } else {
            for (int i = 1; i < n; i++) {
                out.ascii(delim);
            }
        }
        for (int i = 0; i < nResults; i++) {
            if (n > 0 || i > 0) {
                out.ascii(delim);
            }
            resultCell(results == null ? null : results[i]);
        }
        if (n > 0 || nResults > 0) {
            out.ascii(delim);
        }
        cell(error == null ? "" : error);
        out.ascii('\n');
    }

    /** A result value as one cell: text as it is, numbers and structures rendered first (see JsonText.cell). */
    private void resultCell(Object v) throws IOException {
        String plain = JsonText.plainCell(v);
        if (plain != null) {
            cell(plain);
            return;
        }
        rendered.reset();
        JsonText.cell(rendered, v);
        int n = rendered.length();
        if (!needsQuotes(rendered)) {
            out.bytes(rendered, 0, n);
            return;
        }
        // the quoting of cell(String), on the UTF-8 bytes: every byte it looks for is ASCII
        out.ascii('"');
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (rendered.byteAt(i) == '"') {
                out.bytes(rendered, start, i + 1);
                out.ascii('"');
                start = i + 1;
            }
        }
        out.bytes(rendered, start, n);
        out.ascii('"');
    }

    private boolean needsQuotes(Utf8Out v) {
        int n = v.length();
        if (n == 0) {
            return false;
        }
        byte first = v.byteAt(0);
        byte last = v.byteAt(n - 1);
        if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
            return true;
        }
        for (int i = 0; i < n; i++) {
            byte c = v.byteAt(i);
            if (c == delim || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** A lone surrogate (its row failed for it) becomes U+FFFD, as invalid UTF-8 does, never a silent '?'. */
    private static String unicode(String v) {
        if (LoneSurrogates.firstLone(v) < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                b.append(c).append(v.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    private void countDropped(RowFields.Json j) {
        boolean dropped = false;
        for (String name : j.names()) {
            if (!inputColumnSet.contains(name)) {
                dropped = true;
                if (droppedNames.size() < MAX_DROPPED_NAMES) {
                    droppedNames.add(name);
                }
            }
        }
        if (dropped) {
            rowsWithDropped++;
        }
    }

    @Override
    public long rowsWithDroppedFields() {
        return rowsWithDropped;
    }

    @Override
    public java.util.Set<String> droppedFieldNames() {
        return java.util.Collections.unmodifiableSet(droppedNames);
    }

    /** Output column i → position in the row's header (-1 if absent); positional when headers match. */
    private int[] mapFor(Header h) {
        if (h != cachedHeader) {
            int n = inputColumns.size();
            int[] map = new int[n];
            boolean same = h.names().equals(inputColumns);
            for (int i = 0; i < n; i++) {
                map[i] = same ? i : h.indexOf(inputColumns.get(i));
            }
            cachedHeader = h;
            cachedMap = map;
        }
        return cachedMap;
    }

    private void cell(String v) throws IOException {
        if (!needsQuotes(v)) {
            out.text(v);
            return;
        }
        out.ascii('"');
        int start = 0;
        for (int i = v.indexOf('"'); i >= 0; i = v.indexOf('"', i + 1)) {
            out.text(v, start, i + 1);
            out.ascii('"');
            start = i + 1;
        }
        out.text(v, start, v.length());
        out.ascii('"');
    }

    private boolean needsQuotes(String v) {
        int n = v.length();
        if (n == 0) {
            return false;
        }
        char first = v.charAt(0);
        char last = v.charAt(n - 1);
        if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
            return true;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c == delim || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void flush() throws IOException {
        writeHeader();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            writeHeader();
        } finally {
            out.close();
        }
    }
}
