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
}
