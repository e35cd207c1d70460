package dev.infer.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads CSV or TSV (the same RFC 4180 rules, only the delimiter differs; TSV gets no backslash
 * escapes, so values such as Windows paths survive). A hand-written byte-level parser rather than a
 * CSV library, because it must: give each record's exact start line, pin invalid UTF-8 to one
 * record, and recover from a broken quote instead of merging the rest of the file into one value.
 *
 * <p>Behaviour, all of it per record, after the header (the first non-blank line):
 * <ul>
 *   <li>Values are kept exactly: no trimming, {@code ""} stays empty, NUL bytes are ordinary text.
 *       Quoted values may hold delimiters, {@code ""} (a quote) and line breaks (kept as they are).</li>
 *   <li>Empty lines between records are skipped (they still count for line numbers).</li>
 *   <li>A quote in the middle of an unquoted value is literal: {@code 5" screen} stays as is.</li>
 *   <li>A quoted value whose closing quote is followed by something other than a delimiter or line
 *       end ({@code "Hello" he said}) is taken literally, quotes and all, up to the next delimiter,
 *       if the quoted part stayed on one line.</li>
 *   <li>Broken quote: a quoted value that reaches the end of the input, runs past
 *       {@link RowReaders#MAX_RECORD_BYTES}, or spans lines and then does not end at a delimiter or
 *       line end, makes the record a failed row ({@code unterminated quoted field}, fields
 *       {@link RowFields.Unparsed} holding the record's text up to that line, at most 64 KiB), and
 *       reading resumes at the physical line after the one where the quote opened, so the
 *       following rows are read normally. A quote that opens, swallows some lines and happens to
 *       close exactly before a delimiter or line end is valid CSV and cannot be told apart.</li>
 *   <li>Short rows are padded with {@code ""} (tools often drop trailing empty cells); the row fails
 *       only if the text column is among the missing ones ({@code missing text field 'text' ...}).</li>
 *   <li>Long rows: extra values that are all empty (a trailing delimiter) are dropped; any non-empty
 *       extra value fails the row ({@code row has 4 fields, header has 3}), since it usually means
 *       a stray delimiter or broken quote shifted the values.</li>
 *   <li>Invalid UTF-8 anywhere in a record fails that record ({@code invalid UTF-8 in column 'x'});
 *       its values hold U+FFFD in place of the bad bytes. Other records are unaffected.</li>
 *   <li>A record longer than {@link RowReaders#MAX_RECORD_BYTES} outside quotes fails
 *       ({@code record longer than 64 MiB}) and is skipped up to the next line break.</li>
 * </ul>
 */
final class DelimitedRowReader implements RowReader {
    private static final int QUOTE = '"';
    private static final int CR = '\r';
    private static final int LF = '\n';
    private static final int PLAIN = 0;
    private static final int QUOTED = 1;
    private static final int TOO_LONG_MARK = -2;
    static final int PREVIEW_BYTES = 64 << 10;

    private enum Status { OK, EOF, BROKEN_QUOTE, TOO_LONG }

    private final ByteInput in;
    private final Format format;
    private final int delim;
    private final int max;
    private final long total;
    private final Header header;
    private final String textColumn;
    private final int textIndex;

    private long line = 1;
    private long recordLine;
    private long index;
    private byte[] raw = new byte[4096];
    private int rawLen;
    private int[] spans = new int[3 * 16];
    private int nf;
    private byte[] scratch = new byte[256];
    private int resumeAt;
    private int resumeContentEnd;
    private long resumeLine;

    DelimitedRowReader(ByteInput in, Format format, String name, String wantedText, int maxRecordBytes, long total)
            throws IOException {
        this(in, format, format == Format.TSV ? '\t' : ',', name, wantedText, maxRecordBytes, total);
    }

    /** @param delim the field delimiter ({@code --delimiter}), e.g. ';' for a European export */
    DelimitedRowReader(ByteInput in, Format format, int delim, String name, String wantedText, int maxRecordBytes,
                       long total) throws IOException {
        this.in = in;
        this.format = format;
        this.delim = delim;
        this.max = maxRecordBytes;
        this.total = total;
        this.header = readHeader(name);
        if (header == null) {
            textColumn = wantedText != null ? wantedText : "text";
            textIndex = -1;
        } else {
            textColumn = RowReaders.resolveTextColumn(wantedText, header.names(), name, "column");
            textIndex = header.indexOf(textColumn);
        }
    }

    private Header readHeader(String name) throws IOException {
        for (;;) {
            Status s = parseRecord();
            switch (s) {
                case EOF:
                    return null;
                case BROKEN_QUOTE:
                    throw new InputException("the header of " + name + " (line " + recordLine
                            + ") has an unterminated quote");
                case TOO_LONG:
                    throw new InputException("the header of " + name + " (line " + recordLine + ") is longer than "
                            + (max >> 20) + " MiB; is it really " + format + "?");
                default:
                    break;
            }
            if (nf == 1 && spans[2] == PLAIN && isBlank(spans[0], spans[1])) {
                continue; // whitespace-only lines before the header
            }
            String[] names = new String[nf];
            if (decode(names) >= 0) {
                throw new InputException(name + " is not valid UTF-8 (in the header, line " + recordLine
                        + "); convert it to UTF-8 first, e.g. with iconv");
            }
            return new Header(Arrays.asList(names));
        }
    }

    @Override
    public Row next() throws IOException {
        if (header == null) {
            return null;
        }
        Status s = parseRecord();
        switch (s) {
            case EOF:
                return null;
            case BROKEN_QUOTE: {
                int end = resumeAt >= 0 ? resumeContentEnd : rawLen;
                RowFields f = new RowFields.Unparsed(preview(end));
                if (resumeAt >= 0) {
                    in.unread(raw, resumeAt, rawLen - resumeAt);
                    line = resumeLine;
                }
                return Row.failed(index++, recordLine, f, "unterminated quoted field");
            }
            case TOO_LONG:
                return Row.failed(index++, recordLine, new RowFields.Unparsed(preview(rawLen)),
                        "record longer than " + (max >> 20) + " MiB");
            default:
                break;
        }
        int n = header.size();
        String[] values = new String[Math.max(nf, n)];
        int bad = decode(values);
        int count = nf;
        boolean extra = false;
        for (int i = n; i < nf; i++) {
            extra |= !values[i].isEmpty();
        }
        if (nf > n && !extra) {
            values = Arrays.copyOf(values, n);
            count = n;
        }
        for (int i = nf; i < n; i++) {
            values[i] = "";
        }
        RowFields.Delimited fields = new RowFields.Delimited(header, values);
        long idx = index++;
        if (bad >= 0) {
            return Row.failed(idx, recordLine, fields,
                    bad < n ? "invalid UTF-8 in column '" + header.names().get(bad) + "'" : "invalid UTF-8");
        }
        if (extra) {
            return Row.failed(idx, recordLine, fields, "row has " + count + " fields, header has " + n);
        }
        if (nf <= textIndex) {
            return Row.failed(idx, recordLine, fields, "missing text field '" + textColumn + "' (row has " + nf
                    + " of " + n + " fields)");
        }
        return Row.ok(idx, recordLine, fields, values[textIndex]);
    }

    /** Parses one record into raw/spans. Consumes its line end. */
    private Status parseRecord() throws IOException {
        rawLen = 0;
        nf = 0;
        resumeAt = -1;
        int c;
        for (;;) {
            c = in.read();
            if (c < 0) {
                return Status.EOF;
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
                        return Status.BROKEN_QUOTE;
                    }
                    if (rawLen >= max) {
                        if (fieldBreak >= 0) {
                            in.back();
                            setResume(fieldBreak, fieldBreakContentEnd, openLine);
                            return Status.BROKEN_QUOTE;
                        }
                        skipLine(c);
                        return Status.TOO_LONG;
                    }
                    append(c);
                    if (c == QUOTE) {
                        c = in.read();
                        if (c == QUOTE) {
                            append(c);
                            continue;
                        }
                        if (c < 0 || c == delim || c == CR || c == LF) {
                            addField(fs, rawLen, QUOTED);
                            break;
                        }
                        if (fieldBreak >= 0) {
                            in.back();
                            setResume(fieldBreak, fieldBreakContentEnd, openLine);
                            return Status.BROKEN_QUOTE;
                        }
                        c = scanPlain(c); // "Hello" he said: keep it as written
                        if (c == TOO_LONG_MARK) {
                            return Status.TOO_LONG;
                        }
                        addField(fs, rawLen, PLAIN);
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
                c = scanPlain(c);
                if (c == TOO_LONG_MARK) {
                    return Status.TOO_LONG;
                }
                addField(fs, rawLen, PLAIN);
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
            return Status.OK;
        }
    }

    /** Appends an unquoted value starting with {@code c}; returns the byte that ended it. */
    private int scanPlain(int c) throws IOException {
        while (c >= 0 && c != delim && c != CR && c != LF) {
            if (rawLen >= max) {
                skipLine(c);
                return TOO_LONG_MARK;
            }
            append(c);
            c = in.read();
        }
        return c;
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

    private void addField(int start, int end, int kind) {
        if (3 * nf + 3 > spans.length) {
            spans = Arrays.copyOf(spans, spans.length * 2);
        }
        spans[3 * nf] = start;
        spans[3 * nf + 1] = end;
        spans[3 * nf + 2] = kind;
        nf++;
    }

    /** Decodes the parsed fields into {@code out}; returns the first field with invalid UTF-8, or -1. */
    private int decode(String[] out) {
        int bad = -1;
        for (int i = 0; i < nf; i++) {
            int s = spans[3 * i];
            int e = spans[3 * i + 1];
            byte[] b = raw;
            int off = s;
            int len = e - s;
            if (spans[3 * i + 2] == QUOTED) {
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

    private boolean isBlank(int s, int e) {
        for (int i = s; i < e; i++) {
            if (raw[i] != ' ' && raw[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private String preview(int end) {
        return new String(raw, 0, Math.min(end, PREVIEW_BYTES), StandardCharsets.UTF_8);
    }

    @Override
    public long bytesRead() {
        return in.bytesRead();
    }

    @Override
    public List<String> columns() {
        return header == null ? List.of() : header.names();
    }

    @Override
    public String textColumn() {
        return textColumn;
    }

    @Override
    public Format format() {
        return format;
    }

    @Override
    public long totalBytes() {
        return total;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
