package dev.infer.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte level of the CSV/TSV reader: splits the input into records of fields, counting physical
 * lines. It knows quotes, delimiters and line ends, nothing of headers or rows; {@link
 * DelimitedRowReader} assembles its records into rows. The rules are those documented there.
 *
 * <p>After {@link #next()} returned {@link RecordEnd#RECORD}, the record's fields are the spans
 * {@code [start(i), end(i))} of an internal byte buffer, each of a {@link FieldKind}.
 */
final class DelimitedTokenizer {
    private static final int QUOTE = '"';
    private static final int CR = '\r';
    private static final int LF = '\n';

    /** How a record ended. */
    enum RecordEnd {
        /** A complete record: its fields are ready. */
        RECORD,
        /** No record: the input is used up. */
        END_OF_INPUT,
        /** A quoted value that never closed properly; see {@link #rewindBrokenQuote()}. */
        BROKEN_QUOTE,
        /** The record ran past the size limit outside quotes; the rest of its line was skipped. */
        TOO_LONG
    }

    /** How a field was written, which decides how its bytes are decoded. */
    enum FieldKind {
        /** As is. */
        PLAIN,
        /** Between quotes, with {@code ""} for a quote: the quotes are not part of the value. */
        QUOTED
    }

    /** How scanning an unquoted value ended. */
    private enum PlainEnd { ENDED, TOO_LONG }

    private final ByteInput in;
    private final int delim;
    private final int max;

    private long line = 1;
    private long recordLine;
    private byte[] raw = new byte[4096];
    private int rawLen;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private FieldKind[] kinds = new FieldKind[16];
    private int count;
    private byte[] scratch = new byte[256];
    /** The byte that ended the last unquoted value (a delimiter, CR, LF or -1). */
    private int plainEnder;
    /** Where a broken quote's record is re-read from: the byte after the quote's line, or -1. */
    private int resumeAt;
    private int resumeContentEnd;
    private long resumeLine;

    DelimitedTokenizer(ByteInput in, int delim, int maxRecordBytes) {
        this.in = in;
        this.delim = delim;
        this.max = maxRecordBytes;
    }

    /** The physical line the last record started on (1-based). */
    long recordLine() {
        return recordLine;
    }

    int fieldCount() {
        return count;
    }

    /** Parses the next record; consumes its line end. Blank lines before it are skipped (and counted). */
    RecordEnd next() throws IOException {
        rawLen = 0;
        count = 0;
        resumeAt = -1;
        int c;
        for (;;) {
            c = in.read();
            if (c < 0) {
                return RecordEnd.END_OF_INPUT;
            }
            if (c == LF) {
                line++;
            } else if (c == CR) {
                skipLf();
                line++;
            } else {
                break;
            }
        }
        recordLine = line;
        for (;;) {
            int fs = rawLen;
            if (c == QUOTE) {
                append(c);
                long openLine = line;
                int fieldBreak = -1;
                int fieldBreakContentEnd = -1;
                for (;;) {
                    c = in.read();
                    if (c < 0) {
                        setResume(fieldBreak, fieldBreakContentEnd, openLine);
                        return RecordEnd.BROKEN_QUOTE;
                    }
                    if (rawLen >= max) {
                        if (fieldBreak >= 0) {
                            in.back();
                            setResume(fieldBreak, fieldBreakContentEnd, openLine);
                            return RecordEnd.BROKEN_QUOTE;
                        }
                        skipLine(c);
                        return RecordEnd.TOO_LONG;
                    }
                    append(c);
                    if (c == QUOTE) {
                        c = in.read();
                        if (c == QUOTE) {
                            append(c);
                            continue;
                        }
                        if (c < 0 || c == delim || c == CR || c == LF) {
                            addField(fs, rawLen, FieldKind.QUOTED);
                            break;
                        }
                        if (fieldBreak >= 0) {
                            in.back();
                            setResume(fieldBreak, fieldBreakContentEnd, openLine);
                            return RecordEnd.BROKEN_QUOTE;
                        }
                        if (scanPlain(c) == PlainEnd.TOO_LONG) { // "Hello" he said: keep it as written
                            return RecordEnd.TOO_LONG;
                        }
                        c = plainEnder;
                        addField(fs, rawLen, FieldKind.PLAIN);
                        break;
                    }
                    if (c == CR || c == LF) {
                        int contentEnd = rawLen - 1;
                        if (c == CR) {
                            int n = in.read();
                            if (n == LF) {
                                append(n);
                            } else if (n >= 0) {
                                in.back();
                            }
                        }
                        line++;
                        if (fieldBreak < 0) {
                            fieldBreak = rawLen;
                            fieldBreakContentEnd = contentEnd;
                        }
                    }
                }
            } else {
                if (scanPlain(c) == PlainEnd.TOO_LONG) {
                    return RecordEnd.TOO_LONG;
                }
                c = plainEnder;
                addField(fs, rawLen, FieldKind.PLAIN);
            }
            if (c == delim) {
                append(c);
                c = in.read();
                continue;
            }
            if (c == CR) {
                skipLf();
            }
            if (c >= 0) {
                line++;
            }
            return RecordEnd.RECORD;
        }
    }

    /**
     * After {@link RecordEnd#BROKEN_QUOTE}: puts back the lines after the one where the quote opened,
     * so reading resumes there, and returns the failed record's text (up to that line, at most
     * {@code previewBytes}).
     */
    String rewindBrokenQuote(int previewBytes) {
        int end = resumeAt >= 0 ? resumeContentEnd : rawLen;
        String preview = preview(end, previewBytes);
        if (resumeAt >= 0) {
            in.unread(raw, resumeAt, rawLen - resumeAt);
            line = resumeLine;
        }
        return preview;
    }

    /** The last record's bytes as text, at most {@code previewBytes} (for a record that failed as a whole). */
    String preview(int previewBytes) {
        return preview(rawLen, previewBytes);
    }

    private String preview(int end, int previewBytes) {
        return new String(raw, 0, Math.min(end, previewBytes), StandardCharsets.UTF_8);
    }

    /** Whether the last record is one unquoted field of spaces and tabs only (a blank line). */
    boolean isBlankLine() {
        if (count != 1 || kinds[0] != FieldKind.PLAIN) {
            return false;
        }
        for (int i = starts[0]; i < ends[0]; i++) {
            if (raw[i] != ' ' && raw[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Decodes the record's fields into {@code out[0..fieldCount())}; returns the first with invalid UTF-8, or -1. */
    int decode(String[] out) {
        int bad = -1;
        for (int i = 0; i < count; i++) {
            int s = starts[i];
            int e = ends[i];
            byte[] b = raw;
            int off = s;
            int len = e - s;
            if (kinds[i] == FieldKind.QUOTED) {
                if (scratch.length < len) {
                    scratch = new byte[Math.max(len, scratch.length * 2)];
                }
                len = 0;
                for (int j = s + 1; j < e - 1; j++) {
                    byte x = raw[j];
                    scratch[len++] = x;
                    if (x == QUOTE) {
                        j++; // "" is one quote
                    }
                }
                b = scratch;
                off = 0;
            }
            if (bad < 0 && Utf8.firstInvalid(b, off, len) >= 0) {
                bad = i;
            }
            out[i] = new String(b, off, len, StandardCharsets.UTF_8);
        }
        if (scratch.length > (1 << 20)) {
            scratch = new byte[256]; // do not keep a huge buffer for the rest of the run
        }
        return bad;
    }

    /** Appends an unquoted value starting with {@code c}; sets {@link #plainEnder} to the byte that ended it. */
    private PlainEnd scanPlain(int c) throws IOException {
        while (c >= 0 && c != delim && c != CR && c != LF) {
            if (rawLen >= max) {
                skipLine(c);
                return PlainEnd.TOO_LONG;
            }
            append(c);
            c = in.read();
        }
        plainEnder = c;
        return PlainEnd.ENDED;
    }

    private void skipLine(int c) throws IOException {
        while (c >= 0 && c != CR && c != LF) {
            c = in.read();
        }
        if (c == CR) {
            skipLf();
        }
        if (c >= 0) {
            line++;
        }
    }

    private void skipLf() throws IOException {
        int n = in.read();
        if (n != LF && n >= 0) {
            in.back();
        }
    }

    private void setResume(int fieldBreak, int contentEnd, long openLine) {
        resumeAt = fieldBreak;
        resumeContentEnd = contentEnd;
        resumeLine = openLine + 1;
    }

    private void append(int c) {
        if (rawLen == raw.length) {
            long n = Math.min(raw.length * 2L, (long) max + 16);
            raw = Arrays.copyOf(raw, (int) Math.max(n, raw.length + 16L));
        }
        raw[rawLen++] = (byte) c;
    }

    private void addField(int start, int end, FieldKind kind) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            kinds = Arrays.copyOf(kinds, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        kinds[count] = kind;
        count++;
    }
}
