package dev.infer.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Reads JSON Lines: one JSON object per physical line (LF or CRLF); blank lines are skipped but
 * counted. Each line is checked for UTF-8 from its bytes, so one bad line fails alone.
 *
 * <p>Failed rows (reasons): {@code invalid UTF-8 (byte 0xff at column 7)},
 * {@code malformed JSON at column 3: <parser message>}, {@code not a JSON object (found an array)},
 * {@code missing text field 'text'}, {@code text field 'text' is null},
 * {@code text field 'text' is a number, not a string} (also a boolean/an object/an array), and
 * {@code line longer than 64 MiB}. Lines that are not JSON objects carry {@link RowFields.Unparsed}
 * with the line's text (at most 64 KiB for over-long lines); the others carry {@link RowFields.Json}.
 *
 * <p>The field names ({@link #columns()}) and the text column check come from the first line that
 * is a non-empty JSON object; up to 1000 lines before it are looked at (and kept to be returned in order).
 * Numbers keep their written precision ({@code 1.10} stays {@code 1.10} in CSV output). Raw control
 * characters inside strings are accepted, like NUL bytes in CSV.
 */
final class JsonlRowReader implements RowReader {
    private static final int LOOKAHEAD_LINES = 1000;
    static final ObjectMapper MAPPER = mapper();

    private final ByteInput in;
    private final int max;
    private final long total;
    private final List<String> columns;
    private final String textColumn;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private long line;
    private long index;
    private byte[] buf = new byte[8192];
    private int len;
    private boolean tooLong;

    private record Pending(long line, byte[] bytes, boolean tooLong) {
    }

    JsonlRowReader(ByteInput in, String name, String wantedText, int maxRecordBytes, long total) throws IOException {
        this.in = in;
        this.max = maxRecordBytes;
        this.total = total;
        ObjectNode first = null;
        long firstLine = 0;
        long buffered = 0;
        while (pending.size() < LOOKAHEAD_LINES && buffered < max && readLine()) {
            Pending p = new Pending(line, Arrays.copyOf(buf, len), tooLong);
            pending.add(p);
            buffered += len;
            if (!tooLong && Utf8.firstInvalid(buf, 0, len) < 0) {
                try {
                    JsonNode node = parse(new String(buf, 0, len, StandardCharsets.UTF_8));
                    if (node instanceof ObjectNode o && !o.isEmpty()) {
                        first = o;
                        firstLine = line;
                        break;
                    }
                } catch (JsonProcessingException e) {
                    // reported as a failed row when its turn comes
                }
            }
        }
        if (first == null && !pending.isEmpty() && pending.stream().noneMatch(JsonlRowReader::startsLikeObject)) {
            String what = name.equals("stdin") ? "standard input" : name;
            throw new InputException(what + " does not look like JSON Lines: none of its first " + pending.size()
                    + " lines starts with '{'" + (pending.peek().bytes().length > 0 && new String(pending.peek().bytes(),
                    StandardCharsets.UTF_8).contains(",") ? "; for CSV use {{format}} csv" : ""));
        }
        if (first == null) {
            columns = List.of();
            textColumn = wantedText != null ? wantedText : "text";
        } else {
            columns = new RowFields.Json("{}", first).names();
            textColumn = RowReaders.resolveTextColumn(wantedText, columns,
                    "the first object of " + name + " (line " + firstLine + ")", "field");
        }
    }

    private static boolean startsLikeObject(Pending p) {
        for (byte b : p.bytes()) {
            if (b != ' ' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    private static ObjectMapper mapper() {
        JsonFactory f = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .build())
                .build();
        ObjectMapper m = new ObjectMapper(f);
        m.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        return m;
    }

    /**
     * Parses one JSON value, rejecting anything after it on the line. A number Jackson cannot hold
     * (an exponent past BigDecimal's range, more than 1,000 digits) does not fail the line: infer never
     * needs a number's value, so the line is parsed again keeping such numbers as their source text
     * (see {@link NumbersAsText}); the JSONL output passes the line through byte for byte anyway.
     */
    static JsonNode parse(String text) throws IOException {
        try {
            return parseWith(MAPPER.getFactory(), text, false);
        } catch (NumberFormatException | StreamConstraintsException e) {
            return parseWith(NumbersAsText.FACTORY, text, true);
        }
    }

    private static JsonNode parseWith(JsonFactory factory, String text, boolean numbersAsText) throws IOException {
        try (JsonParser p = factory.createParser(text)) {
            JsonNode node = numbersAsText ? NumbersAsText.read(p) : MAPPER.readTree(p);
            if (node == null) {
                throw new JsonParseException(p, "no JSON value");
            }
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "unexpected text after the JSON value");
            }
            return node;
        }
    }

    @Override
    public Row next() throws IOException {
        Pending p = pending.poll();
        if (p != null) {
            return toRow(p.line(), p.bytes(), p.bytes().length, p.tooLong());
        }
        if (!readLine()) {
            return null;
        }
        return toRow(line, buf, len, tooLong);
    }

    private Row toRow(long lineNo, byte[] b, int n, boolean over) {
        long idx = index++;
        if (over) {
            return Row.failed(idx, lineNo, new RowFields.Unparsed(new String(b, 0, n, StandardCharsets.UTF_8)),
                    "line longer than " + (max >> 20) + " MiB");
        }
        int badAt = Utf8.firstInvalid(b, 0, n);
        if (badAt >= 0) {
            return Row.failed(idx, lineNo, new RowFields.Unparsed(new String(b, 0, n, StandardCharsets.UTF_8)),
                    String.format("invalid UTF-8 (byte 0x%02x at byte %d of the line)", b[badAt] & 0xFF, badAt + 1));
        }
        String raw = new String(b, 0, n, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = parse(raw);
        } catch (JsonProcessingException e) {
            return Row.failed(idx, lineNo, new RowFields.Unparsed(raw), malformed(e));
        } catch (IOException e) {
            return Row.failed(idx, lineNo, new RowFields.Unparsed(raw), "malformed JSON: " + JacksonMessages.clean(e.getMessage()));
        }
        if (!(node instanceof ObjectNode obj)) {
            return Row.failed(idx, lineNo, new RowFields.Unparsed(raw), "not a JSON object (found " + kind(node) + ")");
        }
        RowFields.Json fields = new RowFields.Json(raw, obj);
        if (raw.indexOf("\\u") >= 0) { // only an escape can make a lone surrogate: valid UTF-8 holds none
            String lone = LoneSurrogates.find(obj);
            if (lone != null) {
                return Row.failed(idx, lineNo, fields, lone);
            }
        }
        JsonNode v = obj.get(textColumn);
        if (v == null) {
            return Row.failed(idx, lineNo, fields, "missing text field '" + textColumn + "'");
        }
        if (v.isNull()) {
            return Row.failed(idx, lineNo, fields, "text field '" + textColumn + "' is null");
        }
        if (!v.isTextual()) {
            return Row.failed(idx, lineNo, fields, "text field '" + textColumn + "' is " + kind(v) + ", not a string");
        }
        return Row.ok(idx, lineNo, fields, v.textValue());
    }

    private static String malformed(JsonProcessingException e) {
        String msg = JacksonMessages.clean(e.getOriginalMessage());
        if (msg.isEmpty()) {
            msg = "not valid JSON";
        }
        if (msg.length() > 200) {
            msg = msg.substring(0, 200) + "...";
        }
        var loc = e.getLocation();
        return loc != null && loc.getColumnNr() > 0
                ? "malformed JSON at column " + loc.getColumnNr() + ": " + msg
                : "malformed JSON: " + msg;
    }

    static String kind(JsonNode v) {
        if (v.isNumber() || v.isPojo()) { // a POJO node here is a number kept as text (NumbersAsText)
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "a string";
        }
        return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads the next non-blank line into buf/len (CR stripped); false at the end. */
    private boolean readLine() throws IOException {
        if (buf.length > (1 << 20)) {
            buf = new byte[8192]; // the previous line is done with; do not hold a huge buffer
        }
        for (;;) {
            int c = in.read();
            if (c < 0) {
                return false;
            }
            line++;
            len = 0;
            tooLong = false;
            while (c >= 0 && c != '\n') {
                if (len < max) {
                    if (len == buf.length) {
                        buf = Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, (long) max + 16));
                    }
                    buf[len++] = (byte) c;
                } else {
                    tooLong = true;
                }
                c = in.read();
            }
            if (tooLong) {
                len = Math.min(len, DelimitedRowReader.PREVIEW_BYTES);
                return true;
            }
            if (len > 0 && buf[len - 1] == '\r') {
                len--;
            }
            if (!isBlank()) {
                return true;
            }
        }
    }

    private boolean isBlank() {
        for (int i = 0; i < len; i++) {
            byte x = buf[i];
            if (x != ' ' && x != '\t' && x != '\r') {
                return false;
            }
        }
        return true;
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
        return columns;
    }

    @Override
    public String textColumn() {
        return textColumn;
    }

    @Override
    public Format format() {
        return Format.JSONL;
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
