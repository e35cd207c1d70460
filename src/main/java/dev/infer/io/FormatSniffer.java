package dev.infer.io;

import java.io.IOException;

/**
 * Catches the obvious wrong-format cases before any row is run: read with the wrong delimiter, a
 * CSV header is one long column, and every row is classified as a whole line without an error. Looks
 * at the first non-blank line only (the header), without consuming it.
 */
final class FormatSniffer {
    private static final int SNIFF_BYTES = 64 << 10;

    private FormatSniffer() {
    }

    /** A first line, as the bytes [from, to) of the input's look-ahead buffer; empty if there is none. */
    record FirstLine(byte[] buf, int from, int to) {
        boolean isEmpty() {
            return from >= to;
        }

        byte first() {
            return buf[from];
        }

        boolean has(int c) {
            for (int i = from; i < to; i++) {
                if (buf[i] == c) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The first non-blank line; looks no further than its end, so a slow pipe is not held up. */
    static FirstLine firstLine(ByteInput in) throws IOException {
        int scanned = 0;
        int first = -1;
        for (;;) {
            byte[] b = in.buffer();
            int p = in.position();
            int n = in.available();
            for (; scanned < n; scanned++) {
                int c = b[p + scanned];
                if (first < 0) {
                    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                        first = scanned;
                    }
                } else if (c == '\n' || c == '\r') {
                    return new FirstLine(b, p + first, p + scanned);
                }
            }
            if (n >= SNIFF_BYTES || !in.readMore()) {
                b = in.buffer();
                p = in.position();
                return first < 0 ? new FirstLine(b, 0, 0) : new FirstLine(b, p + first, p + in.available());
            }
        }
    }

    /** The format the first line suggests: JSONL if it starts with '{', TSV if it has tabs but no commas, else CSV. */
    static Format sniff(ByteInput in) throws IOException {
        FirstLine line = firstLine(in);
        if (line.isEmpty()) {
            return Format.CSV;
        }
        if (line.first() == '{') {
            return Format.JSONL;
        }
        return line.has('\t') && !line.has(',') ? Format.TSV : Format.CSV;
    }

    /**
     * Throws an {@link InputException} naming the likely format when the header clearly does not fit
     * {@code format} read with {@code delim}. Only called when the user gave no --delimiter.
     */
    static void checkDelimited(ByteInput in, Format format, String name) throws IOException {
        FirstLine line = firstLine(in);
        if (line.isEmpty()) {
            return;
        }
        String what = name.equals("stdin") ? "standard input" : name;
        if (line.first() == '{') {
            throw new InputException(what + " looks like JSON Lines (its first line starts with '{'), not "
                    + format + "; use {{format}} jsonl");
        }
        if (format == Format.CSV && !line.has(',')) {
            if (line.has('\t')) {
                throw new InputException(what + " looks tab-separated (its header has tabs but no commas);"
                        + " use {{format}} tsv");
            }
            for (char d : new char[] {';', '|'}) {
                if (line.has(d)) {
                    throw new InputException(what + " looks '" + d + "'-separated (its header has no commas but '"
                            + d + "'); use {{delimiter}} '" + d + "'");
                }
            }
        } else if (format == Format.TSV && !line.has('\t')) {
            if (line.has(',')) {
                throw new InputException(what + " looks comma-separated (its header has commas but no tabs);"
                        + " use {{format}} csv");
            }
            for (char d : new char[] {';', '|'}) {
                if (line.has(d)) {
                    throw new InputException(what + " looks '" + d + "'-separated (its header has no tabs but '"
                            + d + "'); use {{delimiter}} '" + d + "'");
                }
            }
        }
    }

    /**
     * Throws an {@link InputException} when the chosen {@code --delimiter} does not split the header but
     * another common delimiter would: the run would otherwise treat each whole line as the text.
     */
    static void checkDelimiter(ByteInput in, char delim, String name) throws IOException {
        FirstLine line = firstLine(in);
        if (line.isEmpty() || line.has(delim)) {
            return;
        }
        for (char d : new char[] {',', '\t', ';', '|'}) {
            if (d != delim && line.has(d)) {
                String what = name.equals("stdin") ? "standard input" : name;
                throw new InputException("{{delimiter}} " + shown(delim) + " does not split the header of " + what
                        + " (one column), but " + shown(d) + " does; use {{delimiter}} " + shown(d));
            }
        }
    }

    private static String shown(char d) {
        return d == '\t' ? "tab" : "'" + d + "'";
    }
}
