package dev.infer.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens the input described by an {@link InputSpec}.
 *
 * <ul>
 *   <li>gzip is read when the name ends in {@code .gz} or the data starts with the gzip magic bytes
 *       (so {@code zcat}-less pipes work too); concatenated gzip members are read as one stream.</li>
 *   <li>The format is the explicit one, else the file name's, else sniffed: first non-blank byte
 *       {@code '{'} means JSONL; otherwise a first line with a tab and no comma means TSV; otherwise CSV.</li>
 *   <li>Input is UTF-8; a leading BOM is dropped. Lines end in LF or CRLF (CSV/TSV also take a lone CR).</li>
 *   <li>Text column: the one asked for; else {@code text}; else a single column whose name is
 *       {@code text} ignoring case and surrounding spaces; else the only column. Checked against the
 *       CSV header or the first JSON object at open time, so a wrong name fails before any work.</li>
 * </ul>
 *
 * Bad rows come back as failed {@link Row}s and reading goes on: in CSV/TSV a broken quote fails
 * its record and reading resumes on the line after the quote opened; a short row is padded with ""
 * (failing only if the text column is missing); a long row fails unless its extra values are all
 * empty; invalid UTF-8 fails just its record. In JSONL each line stands alone. The javadoc of
 * {@code DelimitedRowReader} and {@code JsonlRowReader} gives the exact rules and reasons.
 */
public final class RowReaders {
    /**
     * Longest record (CSV) or line (JSONL) accepted, in bytes. Bounds the memory a broken quote or a
     * file without line breaks can take, while leaving room for very long documents.
     */
    public static final int MAX_RECORD_BYTES = 64 << 20;


    private RowReaders() {
    }

    public static RowReader open(InputSpec spec) {
        return open(spec, MAX_RECORD_BYTES);
    }

    static RowReader open(InputSpec spec, int maxRecordBytes) {
        String name = spec.displayName();
        InputStream source;
        long total = -1;
        if (spec.isStdin()) {
            source = new FilterInputStream(spec.stdin() != null ? spec.stdin() : System.in) {
                @Override
                public void close() {
                    // the caller owns standard input
                }
            };
        } else {
            Path p = Path.of(spec.path());
            if (Files.isDirectory(p)) {
                throw new InputException(cannotRead(name) + "it is a directory");
            }
            try {
                source = Files.newInputStream(p);
                total = Files.size(p);
            } catch (NoSuchFileException e) {
                throw new InputException(cannotRead(name) + "no such file", e);
            } catch (AccessDeniedException e) {
                throw new InputException(cannotRead(name) + "permission denied", e);
            } catch (IOException e) {
                throw new InputException(cannotRead(name) + e.getMessage(), e);
            }
        }
        CountingInputStream counting = new CountingInputStream(source);
        ByteInput in = null;
        boolean handedOver = false;
        try {
            PushbackInputStream pb = new PushbackInputStream(counting, 2);
            byte[] magic = new byte[2];
            int got = 0;
            while (got < 2) {
                int n = pb.read(magic, got, 2 - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
            pb.unread(magic, 0, got);
            boolean gzMagic = got == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b;
            boolean gzName = !spec.isStdin() && Format.isGzipName(spec.path());
            boolean gzip = gzMagic || gzName;
            InputStream data = pb;
            if (gzip) {
                if (!gzMagic) {
                    throw new InputException(cannotRead(name) + "the name ends in .gz but the data is not gzip");
                }
                data = new GZIPInputStream(pb, 1 << 16);
            }
            in = new ByteInput(data, counting, name, gzip);
            skipBom(in);
            Format format = spec.format();
            // A .csv read with --delimiter tab is still a CSV input: its output stays comma-separated.
            if (format == null && spec.delimiter() != null && !spec.isStdin()) {
                format = Format.fromFileName(spec.path()).filter(f -> f != Format.JSONL).orElse(null);
            }
            if (format == null && spec.delimiter() != null) {
                format = spec.delimiter() == '\t' ? Format.TSV : Format.CSV;
            }
            if (format == null && !spec.isStdin()) {
                format = Format.fromFileName(spec.path()).orElse(null);
            }
            if (format == null) {
                format = FormatSniffer.sniff(in);
            }
            if (format == Format.JSONL && spec.delimiter() != null) {
                throw new InputException("{{delimiter}} is for CSV-like input, but " + name + " is read as JSON Lines;"
                        + " add {{format}} csv");
            }
            if (format != Format.JSONL && spec.delimiter() == null) {
                FormatSniffer.checkDelimited(in, format, name);
            } else if (format != Format.JSONL) {
                FormatSniffer.checkDelimiter(in, spec.delimiter(), name);
            }
            int delim = spec.delimiter() != null ? spec.delimiter() : format == Format.TSV ? '\t' : ',';
            RowReader reader = format == Format.JSONL
                    ? new JsonlRowReader(in, name, spec.textColumn(), maxRecordBytes, total)
                    : new DelimitedRowReader(in, format, delim, name, spec.textColumn(), maxRecordBytes, total);
            handedOver = true;
            return reader;
        } catch (ZipException e) {
            throw new InputException(cannotRead(name) + "the gzip data is corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new InputException(cannotRead(name) + e.getMessage(), e);
        } finally {
            if (!handedOver) {
                closeQuietly(in != null ? in : counting);
            }
        }
    }

    static String cannotRead(String name) {
        return name.equals("stdin") ? "cannot read standard input: " : "cannot read input file '" + name + "': ";
    }

    private static void skipBom(ByteInput in) throws IOException {
        if (in.ensure(3) >= 3) {
            byte[] b = in.buffer();
            int p = in.position();
            if ((b[p] & 0xFF) == 0xEF && (b[p + 1] & 0xFF) == 0xBB && (b[p + 2] & 0xFF) == 0xBF) {
                in.skip(3);
            }
        }
    }

    /**
     * The text column for the given field names, or an {@link InputException} that lists them.
     *
     * @param where how the message names the place the names came from, e.g. "reviews.csv"
     */
    static String resolveTextColumn(String wanted, List<String> names, String where, String noun) {
        if (wanted != null) {
            if (names.contains(wanted)) {
                return wanted;
            }
            throw missing(wanted, names, where, noun);
        }
        if (names.contains("text")) {
            return "text";
        }
        String loose = null;
        int looseCount = 0;
        for (String n : names) {
            if (n.strip().toLowerCase(Locale.ROOT).equals("text")) {
                loose = n;
                looseCount++;
            }
        }
        if (looseCount == 1) {
            return loose;
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        throw missing("text", names, where, noun);
    }

    private static InputException missing(String col, List<String> names, String where, String noun) {
        return new InputException(noun + " '" + col + "' not found in " + where + "; " + noun + "s are: "
                + listNames(names) + " (use {{text-column}})");
    }

    static String listNames(List<String> names) {
        if (names.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(names.size(), 30);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String n = names.get(i);
            boolean plain = !n.isEmpty() && n.strip().equals(n) && n.chars().noneMatch(c -> c == ',' || c < ' ');
            sb.append(plain ? n : "'" + n + "'");
        }
        if (names.size() > shown) {
            sb.append(" and ").append(names.size() - shown).append(" more");
        }
        return sb.toString();
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already failing
        }
    }
}
