package dev.infer.cli;

import dev.infer.io.Format;
import picocli.CommandLine.Option;

/** Where rows come from. */
public final class InputOptions {
    @Option(names = {"-i", "--in"}, paramLabel = "FILE", defaultValue = "-",
            description = "Input file (.csv, .tsv, .jsonl/.ndjson, optionally .gz); '-' or absent reads stdin.")
    String in;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "Input format: ${COMPLETION-CANDIDATES}. Default: from the file name; stdin is sniffed"
                    + " (a first line starting with '{' is JSONL).")
    Format format;

    @Option(names = {"-c", "--text-column"}, paramLabel = "NAME",
            description = "Field the model reads. Default: 'text', or the only column if there is just one.")
    String textColumn;

    @Option(names = {"-d", "--delimiter"}, paramLabel = "CHAR",
            description = "Field delimiter of a CSV-like input, e.g. ';' (common in European exports), '|', or"
                    + " 'tab'. Default: ',' for CSV, tab for TSV. Output CSV stays comma-separated.")
    String delimiter;

    /** What to read, as the engine takes it. */
    dev.infer.io.InputSpec spec(java.io.InputStream stdin) {
        return new dev.infer.io.InputSpec(in, format, textColumn, stdin, delimiterChar());
    }

    private Character delimiterChar() {
        if (delimiter == null) {
            return null;
        }
        String d = delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t") ? "\t" : delimiter;
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r' || d.charAt(0) > 127) {
            throw new UsageException("--delimiter must be one ASCII character other than a quote or line break"
                    + " (got '" + delimiter + "'); for a tab use --delimiter tab");
        }
        if (format == Format.JSONL) {
            throw new UsageException("--delimiter is for CSV-like input, not --format jsonl");
        }
        return d.charAt(0);
    }
}
