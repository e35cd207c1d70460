package dev.infer.io;

import java.io.OutputStream;
import java.util.List;

/**
 * Opens an output writer. Output is UTF-8 without BOM, LF line ends, buffered: nothing is promised
 * to reach {@code out} before {@link RowWriter#flush()}; {@link RowWriter#close()} flushes and
 * closes {@code out}.
 *
 * <p>Each output row is the input row's own fields, unchanged, then the result fields, then the
 * error; result and error names never overwrite an input field (see {@link OutputNames}). Result
 * values may be String, Integer/Long/Float/Double (and other Numbers), Boolean, float[]/double[]/
 * int[]/long[], {@link PackedFloats}, List, Map (in iteration order; nested freely) or null. Floats are
 * written in their shortest round-trip form ({@link FloatText}); NaN and infinities as null.
 *
 * <p>JSONL: a JSON input line is passed through byte for byte up to its closing brace, and the
 * results are added before it. A CSV/TSV row becomes an object of strings in header order (a
 * duplicated header name appears twice). A line that was not a JSON object is written as
 * {@code {"input":"<the line>", ...}}. A failed row has its result fields as null and an
 * {@code "error"} key; good rows have no error key.
 *
 * <p>CSV/TSV: the header is {@code inputColumns}, the result fields and {@code error} (always
 * present, empty on good rows); it is written with the first row, or on flush/close if there are
 * no rows. TSV uses the same quoting as CSV with a tab delimiter. Values are
 * quoted only when they hold the delimiter, a quote, CR or LF, or start or end with a space or tab.
 * Structured results (arrays, lists, maps) are written as compact JSON text. JSON input rows are
 * matched to {@code inputColumns} by name: keys a row lacks (or null) are empty, keys not among
 * {@code inputColumns} are dropped, and non-string values are written as their JSON text. A row
 * that was not parsed ({@link RowFields.Unparsed}) has every input column empty; its error says why.
 */
public final class RowWriters {
    private RowWriters() {
    }

    /**
     * @param inputColumns the input's field names ({@link RowReader#columns()}); used for CSV/TSV
     *                     output only
     * @param resultFields the names of the values passed to {@link RowWriter#write}, in order
     */
    public static RowWriter open(OutputStream out, Format format, List<String> inputColumns, List<String> resultFields) {
        return open(out, format, inputColumns, resultFields, false);
    }

    /**
     * @param appending the output already holds the start of this run's file (a resumed run): a CSV/TSV
     *                  header is not written again
     */
    public static RowWriter open(OutputStream out, Format format, List<String> inputColumns, List<String> resultFields,
                                 boolean appending) {
        Utf8Out w = new Utf8Out(out, 1 << 16);
        return switch (format) {
            case JSONL -> new JsonlRowWriter(w, resultFields);
            case CSV -> new DelimitedRowWriter(w, ',', inputColumns, resultFields, appending);
            case TSV -> new DelimitedRowWriter(w, '\t', inputColumns, resultFields, appending);
        };
    }
}
