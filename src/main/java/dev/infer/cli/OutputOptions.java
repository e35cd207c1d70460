package dev.infer.cli;

import dev.infer.io.Format;
import picocli.CommandLine.Option;

/** Where results go. */
public final class OutputOptions {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "-",
            description = "Output file; '-' or absent writes stdout. A file is written as FILE.partial and"
                    + " renamed when the run completes.")
    String out;

    @Option(names = "--out-format", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: from the output file name, else the"
                    + " input's format.")
    Format format;
}
