package dev.infer.io;

import java.util.Locale;
import java.util.Optional;

/** The row formats infer reads and writes. */
public enum Format {
    CSV, TSV, JSONL;

    /** The format named by a file's extension (.csv, .tsv, .jsonl, .ndjson, each optionally .gz). */
    public static Optional<Format> fromFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (n.endsWith(".tsv") || n.endsWith(".tab")) {
            return Optional.of(TSV);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }

    public static boolean isGzipName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }
}
