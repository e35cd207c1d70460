package dev.infer.cli;

import dev.infer.io.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * --out with symbolic links followed to the file they name: the run writes through a link (its
     * FILE.partial, checkpoint and origin go next to the target, on the target's file system, so the final
     * rename stays atomic) and never replaces the link itself with a regular file.
     */
    String target() {
        Path p = Path.of(out);
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            return out; // /dev/stdout, a link to a FIFO or device: written in place, as it is
        }
        try {
            for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) {
                p = p.resolveSibling(Files.readSymbolicLink(p));
            }
        } catch (IOException e) {
            return out; // unreadable link: the checks that follow name the problem
        }
        return p.toString();
    }
}
