package dev.infer.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;

/** CSV/TSV output; see {@link RowWriters} for the format. */
final class DelimitedRowWriter implements RowWriter {
    private final Writer w;
    private final char delim;
    private final List<String> inputColumns;
    private final String[] outNames;
    private final int nResults;
    private final StringBuilder sb = new StringBuilder(1024);
    private static final int MAX_DROPPED_NAMES = 20;
    private final java.util.Set<String> inputColumnSet;
    private final java.util.Set<String> droppedNames = new java.util.LinkedHashSet<>();
    private long rowsWithDropped;
    private boolean headerWritten;
    private Header cachedHeader;
    private int[] cachedMap;

    DelimitedRowWriter(Writer w, char delim, List<String> inputColumns, List<String> resultFields, boolean headerWritten) {
        this.w = w;
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
        sb.setLength(0);
        List<String> h = header();
        for (int i = 0; i < h.size(); i++) {
            if (i > 0) {
                sb.append(delim);
            }
            cell(h.get(i));
        }
        sb.append('\n');
        w.append(sb);
    }

    @Override
    public void write(Row row, Object[] results, String error) throws IOException {
        if (results != null && results.length != nResults) {
            throw new IllegalArgumentException("expected " + nResults + " results, got " + results.length);
        }
        writeHeader();
        sb.setLength(0);
        RowFields f = row.fields();
        int n = inputColumns.size();
        if (f instanceof RowFields.Delimited d) {
            int[] map = mapFor(d.header());
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(delim);
                }
                int p = map[i];
                cell(p < 0 ? "" : d.text(p));
            }
        } else if (f instanceof RowFields.Json j) {
            countDropped(j);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(delim);
                }
                JsonNode v = j.node().get(inputColumns.get(i));
                cell(v == null || v.isNull() ? "" : v.isTextual() ? unicode(v.textValue()) : v.toString());
            }
        } else {
            for (int i = 1; i < n; i++) {
                sb.append(delim);
            }
        }
        for (int i = 0; i < nResults; i++) {
            if (n > 0 || i > 0) {
                sb.append(delim);
            }
            cell(JsonText.cell(results == null ? null : results[i]));
        }
        if (n > 0 || nResults > 0) {
            sb.append(delim);
        }
        cell(error == null ? "" : error);
        sb.append('\n');
        w.append(sb);
        if (sb.capacity() > (1 << 20)) {
            sb.setLength(0);
            sb.trimToSize();
        }
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

    private void cell(String v) {
        if (!needsQuotes(v)) {
            sb.append(v);
            return;
        }
        sb.append('"');
        int start = 0;
        for (int i = v.indexOf('"'); i >= 0; i = v.indexOf('"', i + 1)) {
            sb.append(v, start, i + 1).append('"');
            start = i + 1;
        }
        sb.append(v, start, v.length()).append('"');
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
        w.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            writeHeader();
        } finally {
            w.close();
        }
    }
}
