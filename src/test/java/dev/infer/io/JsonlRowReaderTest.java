package dev.infer.io;

import static dev.infer.io.IoTestSupport.concat;
import static dev.infer.io.IoTestSupport.jsonl;
import static dev.infer.io.IoTestSupport.open;
import static dev.infer.io.IoTestSupport.readAll;
import static dev.infer.io.IoTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlRowReaderTest {

    @Test
    void readsObjectsAndKeepsRawLines() throws IOException {
        RowReader r = open(utf8("{\"id\": 1, \"text\": \"hello\"}\r\n{\"text\":\"w\\u00f6rld\",\"id\":2}  \n"), Format.JSONL);
        assertEquals(List.of("id", "text"), r.columns());
        assertEquals("text", r.textColumn());
        List<Row> rows = readAll(r);
        assertEquals(List.of("hello", "w\u00f6rld"), rows.stream().map(Row::text).toList());
        RowFields.Json f = (RowFields.Json) rows.get(0).fields();
        assertEquals("{\"id\": 1, \"text\": \"hello\"}", f.raw(), "raw line without CRLF");
        assertEquals("{\"text\":\"w\\u00f6rld\",\"id\":2}  ", ((RowFields.Json) rows.get(1).fields()).raw());
        assertEquals(List.of(1L, 2L), rows.stream().map(Row::line).toList());
    }

    @Test
    void badLinesBecomeFailedRowsWithTheirLineNumbers() throws IOException {
        List<Row> rows = jsonl("{\"text\":\"one\"}\n"
                + "\n"
                + "{\"text\": x}\n"
                + "[1,2]\n"
                + "{\"id\":5}\n"
                + "{\"text\":null}\n"
                + "{\"text\":42}\n"
                + "{\"text\":{\"a\":1}}\n"
                + "{\"text\":[\"a\"]}\n"
                + "{\"text\":true}\n"
                + "{\"text\":\"\"}\n"
                + "{\"text\":\"a\"} {\"text\":\"b\"}\n"
                + "\"just a string\"\n"
                + "{\"text\":\"last\"}");
        assertEquals(13, rows.size());
        assertEquals("one", rows.get(0).text());
        assertEquals(1L, rows.get(0).line());

        Row malformed = rows.get(1);
        assertEquals(3L, malformed.line(), "the blank line 2 is skipped but counted");
        assertEquals(1L, malformed.index());
        assertTrue(malformed.error().startsWith("malformed JSON at column "), malformed.error());
        assertTrue(malformed.error().contains("Unrecognized token 'x'"), malformed.error());
        assertEquals(new RowFields.Unparsed("{\"text\": x}"), malformed.fields());

        assertEquals("not a JSON object (found an array)", rows.get(2).error());
        assertEquals(new RowFields.Unparsed("[1,2]"), rows.get(2).fields());
        assertEquals("missing text field 'text'", rows.get(3).error());
        assertInstanceOf(RowFields.Json.class, rows.get(3).fields());
        assertEquals("text field 'text' is null", rows.get(4).error());
        assertEquals("text field 'text' is a number, not a string", rows.get(5).error());
        assertEquals("text field 'text' is an object, not a string", rows.get(6).error());
        assertEquals("text field 'text' is an array, not a string", rows.get(7).error());
        assertEquals("text field 'text' is a boolean, not a string", rows.get(8).error());
        assertTrue(rows.get(9).isOk(), "empty text is not an error");
        assertEquals("", rows.get(9).text());
        assertTrue(rows.get(10).error().startsWith("malformed JSON"), rows.get(10).error());
        assertTrue(rows.get(10).error().contains("unexpected text after the JSON value"), rows.get(10).error());
        assertEquals("not a JSON object (found a string)", rows.get(11).error());
        assertEquals("last", rows.get(12).text());
        assertEquals(14L, rows.get(12).line());
        assertEquals(12L, rows.get(12).index());
    }

    @Test
    void invalidUtf8FailsOnlyThatLine() throws IOException {
        byte[] data = concat(utf8("{\"text\":\"ok\"}\n{\"text\":\"bad "), new byte[] {(byte) 0xE2, (byte) 0x28},
                utf8("\"}\n{\"text\":\"\u00fcber\"}\n"));
        List<Row> rows = readAll(open(data, Format.JSONL));
        assertEquals(3, rows.size());
        assertEquals("ok", rows.get(0).text());
        assertEquals("invalid UTF-8 (byte 0xe2 at byte 14 of the line)", rows.get(1).error());
        assertEquals(2L, rows.get(1).line());
        assertInstanceOf(RowFields.Unparsed.class, rows.get(1).fields());
        assertEquals("\u00fcber", rows.get(2).text());
    }

    @Test
    void firstGoodObjectDecidesTheColumns() throws IOException {
        RowReader r = open(utf8("\n not json\n{\"a\":1,\"body\":\"x\"}\n{\"body\":\"y\"}\n"), Format.JSONL, "body");
        assertEquals(List.of("a", "body"), r.columns());
        List<Row> rows = readAll(r);
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).error().startsWith("malformed JSON"));
        assertEquals(2L, rows.get(0).line());
        assertEquals(List.of("x", "y"), rows.subList(1, 3).stream().map(Row::text).toList());
        assertEquals(List.of(3L, 4L), rows.subList(1, 3).stream().map(Row::line).toList());
    }

    @Test
    void missingTextFieldInFirstObjectIsAnInputError() {
        InputException e = assertThrows(InputException.class,
                () -> open(utf8("{\"id\":1,\"body\":\"x\"}\n"), Format.JSONL));
        assertEquals("field 'text' not found in the first object of stdin (line 1); fields are: id, body"
                + " (use --text-column)", e.getMessage());
        InputException named = assertThrows(InputException.class,
                () -> open(utf8("\n{\"id\":1,\"text\":\"x\"}\n"), Format.JSONL, "content"));
        assertEquals("field 'content' not found in the first object of stdin (line 2); fields are: id, text"
                + " (use --text-column)", named.getMessage());
    }

    @Test
    void singleFieldObjectsUseThatField() throws IOException {
        RowReader r = open(utf8("{\"sentence\":\"a\"}\n{\"sentence\":\"b\"}\n"), Format.JSONL);
        assertEquals("sentence", r.textColumn());
        assertEquals(List.of("a", "b"), readAll(r).stream().map(Row::text).toList());
    }

    @Test
    void onlyBlankLinesGiveNoRows() throws IOException {
        RowReader r = open(utf8("\n  \r\n\t\n"), Format.JSONL);
        assertEquals(List.of(), r.columns());
        assertEquals("text", r.textColumn());
        assertEquals(0, readAll(r).size());
    }

    @Test
    void numbersKeepTheirWrittenPrecision() throws IOException {
        Row row = jsonl("{\"text\":\"t\",\"score\":1.10,\"big\":12345678901234567890123}\n").get(0);
        RowFields.Json f = (RowFields.Json) row.fields();
        assertEquals("1.10", f.text(f.names().indexOf("score")));
        assertEquals("12345678901234567890123", f.text(f.names().indexOf("big")));
    }

    @Test
    void longTextAndControlCharactersAreAccepted() throws IOException {
        String big = "z".repeat(30 * 1024 * 1024); // beyond Jackson's default 20M string limit
        List<Row> rows = jsonl("{\"text\":\"" + big + "\"}\n{\"text\":\"tab\there\u0000nul\"}\n");
        assertEquals(big.length(), rows.get(0).text().length());
        assertEquals("tab\there\u0000nul", rows.get(1).text());
    }

    @Test
    void numbersJacksonCannotHoldAreKeptAsTheirTextAndLoneSurrogatesFailTheirRow() throws IOException {
        String digits = "9".repeat(1500);
        List<Row> rows = jsonl("{\"text\":\"a\",\"n\":1e9999999999}\n"
                + "{\"text\":\"b\",\"n\":[" + digits + ",1.10]}\n"
                + "{\"text\":\"x \\ud800 y\"}\n"
                + "{\"text\":\"pair \\ud83d\\ude00\",\"k\\udc00\":1}\n"
                + "{\"text\":5e99999999999}\n");
        assertEquals(5, rows.size());
        assertTrue(rows.get(0).isOk(), rows.get(0).error());
        assertEquals("1e9999999999", rows.get(0).fields().text(1));
        assertTrue(rows.get(1).isOk(), rows.get(1).error());
        assertEquals("[" + digits + ",1.10]", rows.get(1).fields().text(1), "kept exactly as written");
        assertEquals("field 'text' holds a lone surrogate (\\ud800), which is not valid Unicode", rows.get(2).error());
        assertTrue(rows.get(3).error().contains("surrogate"), rows.get(3).error()); // a pair is fine, a lone key is not
        assertEquals("text field 'text' is a number, not a string", rows.get(4).error());
    }
}
