package dev.infer.io;

import java.io.InputStream;

/**
 * What to read: a file or standard input, and the user's overrides.
 *
 * @param path       the input file; {@code null} or {@code "-"} reads {@code stdin}
 * @param format     the row format, or {@code null} to take it from the file name or sniff it
 * @param textColumn the field the model reads, or {@code null} for the default rule (see {@link RowReaders})
 * @param stdin      the stream used for standard input ({@code null}: {@link System#in}); it is not closed
 * @param delimiter  the field delimiter of a CSV-like input ({@code ';'}, {@code '|'}), or {@code null} for the
 *                   format's own (comma for CSV, tab for TSV); setting it means CSV-like input
 */
public record InputSpec(String path, Format format, String textColumn, InputStream stdin, Character delimiter) {

    public InputSpec(String path, Format format, String textColumn, InputStream stdin) {
        this(path, format, textColumn, stdin, null);
    }

    public static InputSpec file(String path) {
        return new InputSpec(path, null, null, null);
    }

    public static InputSpec stdin(InputStream in) {
        return new InputSpec(null, null, null, in);
    }

    public InputSpec withFormat(Format f) {
        return new InputSpec(path, f, textColumn, stdin, delimiter);
    }

    public InputSpec withTextColumn(String column) {
        return new InputSpec(path, format, column, stdin, delimiter);
    }

    public InputSpec withDelimiter(Character d) {
        return new InputSpec(path, format, textColumn, stdin, d);
    }

    public boolean isStdin() {
        return path == null || path.equals("-");
    }

    /** How messages name the input: the path as the user typed it, or {@code stdin}. */
    public String displayName() {
        return isStdin() ? "stdin" : path;
    }
}
