package dev.infer.io;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads CSV or TSV (the same RFC 4180 rules, only the delimiter differs; TSV gets no backslash
 * escapes, so values such as Windows paths survive). A hand-written byte-level parser rather than a
 * CSV library, because it must: give each record's exact start line, pin invalid UTF-8 to one
 * record, and recover from a broken quote instead of merging the rest of the file into one value.
 * Two layers: {@link DelimitedTokenizer} splits bytes into records of fields (quotes, delimiters,
 * line ends); this class assembles records into rows (header, padding, extra values, checks).
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
    static final int PREVIEW_BYTES = 64 << 10;

    private final DelimitedTokenizer tokens;
    private final ByteInput in;
    private final Format format;
    private final int max;
    private final long total;
    private final Header header;
    private final String textColumn;
    private final int textIndex;

    private long index;

    DelimitedRowReader(ByteInput in, Format format, String name, String wantedText, int maxRecordBytes, long total)
            throws IOException {
        this(in, format, format == Format.TSV ? '\t' : ',', name, wantedText, maxRecordBytes, total);
    }

    /** @param delim the field delimiter ({@code --delimiter}), e.g. ';' for a European export */
    DelimitedRowReader(ByteInput in, Format format, int delim, String name, String wantedText, int maxRecordBytes,
                       long total) throws IOException {
        this.in = in;
        this.tokens = new DelimitedTokenizer(in, delim, maxRecordBytes);
        this.format = format;
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
            switch (tokens.next()) {
                case END_OF_INPUT:
                    return null;
                case BROKEN_QUOTE:
                    throw new InputException("the header of " + name + " (line " + tokens.recordLine()
                            + ") has an unterminated quote");
                case TOO_LONG:
                    throw new InputException("the header of " + name + " (line " + tokens.recordLine()
                            + ") is longer than " + (max >> 20) + " MiB; is it really " + format + "?");
                case RECORD:
                    break;
            }
            if (tokens.isBlankLine()) {
                continue; // whitespace-only lines before the header
            }
            String[] names = new String[tokens.fieldCount()];
            if (tokens.decode(names) >= 0) {
                throw new InputException(name + " is not valid UTF-8 (in the header, line " + tokens.recordLine()
                        + "); convert it to UTF-8 first, e.g. with iconv");
            }
            return new Header(Arrays.asList(names));
        }
    }

    /** Assembles the tokenizer's next record into a row: padding, extra values, UTF-8 and text-column checks. */
    @Override
    public Row next() throws IOException {
        if (header == null) {
            return null;
        }
        switch (tokens.next()) {
            case END_OF_INPUT:
                return null;
            case BROKEN_QUOTE: {
                long line = tokens.recordLine();
                RowFields f = new RowFields.Unparsed(tokens.rewindBrokenQuote(PREVIEW_BYTES));
                return Row.failed(index++, line, f, "unterminated quoted field");
            }
            case TOO_LONG:
                return Row.failed(index++, tokens.recordLine(), new RowFields.Unparsed(tokens.preview(PREVIEW_BYTES)),
                        "record longer than " + (max >> 20) + " MiB");
            case RECORD:
                break;
        }
        long recordLine = tokens.recordLine();
        int nf = tokens.fieldCount();
        int n = header.size();
        String[] values = new String[Math.max(nf, n)];
        int bad = tokens.decode(values);
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

    @Override
    public boolean inputWaiting() throws IOException {
        return in.mayWait();
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
