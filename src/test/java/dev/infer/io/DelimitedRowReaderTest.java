package dev.infer.io;

import static dev.infer.io.IoTestSupport.concat;
import static dev.infer.io.IoTestSupport.csv;
import static dev.infer.io.IoTestSupport.open;
import static dev.infer.io.IoTestSupport.readAll;
import static dev.infer.io.IoTestSupport.utf8;
import static dev.infer.io.IoTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelimitedRowReaderTest {

    @Test
    void quotedFieldsKeepDelimitersQuotesAndNewlines() throws IOException {
        List<Row> rows = csv("id,text\n"
                + "1,\"a, b\"\n"
                + "2,\"she said \"\"hi\"\"\"\n"
                + "3,\"line one\nline two\r\nline three\"\n"
                + "4,plain\n");
        assertEquals(4, rows.size());
        assertEquals("a, b", rows.get(0).text());
        assertEquals("she said \"hi\"", rows.get(1).text());
        assertEquals("line one\nline two\r\nline three", rows.get(2).text());
        assertEquals("plain", rows.get(3).text());
        // line numbers are where each record starts; the header is line 1
        assertEquals(List.of(2L, 3L, 4L, 7L), rows.stream().map(Row::line).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L), rows.stream().map(Row::index).toList());
        assertTrue(rows.stream().allMatch(Row::isOk));
    }

    @Test
    void valuesAreKeptExactly() throws IOException {
        List<Row> rows = csv("a,text,c\n  x , spaced text ,\n\"\",\"\",\" q \"\n");
        assertEquals(List.of("  x ", " spaced text ", ""), values(rows.get(0)));
        assertEquals(List.of("", "", " q "), values(rows.get(1)));
        assertEquals("", rows.get(1).text());
        assertTrue(rows.get(1).isOk(), "empty text is not an error");
    }

    @Test
    void bomAndCrlf() throws IOException {
        byte[] data = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("id,text\r\n1,hello\r\n2,world\r\n"));
        RowReader r = open(data, Format.CSV);
        assertEquals(List.of("id", "text"), r.columns());
        List<Row> rows = readAll(r);
        assertEquals(List.of("hello", "world"), rows.stream().map(Row::text).toList());
        assertEquals(List.of(2L, 3L), rows.stream().map(Row::line).toList());
    }

    @Test
    void headerOnlyEmptyAndBomOnlyInputsGiveNoRows() throws IOException {
        assertEquals(0, csv("id,text\n").size());
        assertEquals(0, csv("id,text").size());
        assertEquals(0, csv("").size());
        assertEquals(0, csv("\n  \n\n").size());
        assertEquals(0, readAll(open(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Format.CSV)).size());
        assertEquals(0, readAll(open(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, null)).size());
        RowReader empty = open(new byte[0], Format.CSV);
        assertEquals(List.of(), empty.columns());
        assertEquals("text", empty.textColumn());
        assertNull(empty.next());
        assertNull(empty.next(), "stays at the end");
    }

    @Test
    void lastRowWithoutNewlineIsRead() throws IOException {
        List<Row> rows = csv("id,text\n1,a\n2,last");
        assertEquals(List.of("a", "last"), rows.stream().map(Row::text).toList());
        List<Row> quoted = csv("id,text\n1,\"last, quoted\"");
        assertEquals("last, quoted", quoted.get(0).text());
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        List<Row> rows = csv("\n\nid,text\n\n1,a\n\n\n2,b\n");
        assertEquals(List.of("a", "b"), rows.stream().map(Row::text).toList());
        assertEquals(List.of(5L, 8L), rows.stream().map(Row::line).toList());
        assertEquals(List.of(0L, 1L), rows.stream().map(Row::index).toList());
    }

    @Test
    void tenMegabyteFieldIsAccepted() throws IOException {
        char[] big = new char[10 * 1024 * 1024];
        Arrays.fill(big, 'x');
        big[5] = ',';
        big[7] = '"';
        String field = new String(big);
        String escaped = field.replace("\"", "\"\"");
        List<Row> rows = csv("id,text\n1,\"" + escaped + "\"\n2,after\n");
        assertEquals(2, rows.size());
        assertEquals(field.length(), rows.get(0).text().length());
        assertEquals(field, rows.get(0).text());
        assertEquals("after", rows.get(1).text());
        assertEquals(3L, rows.get(1).line());
    }

    @Test
    void nulBytesAreText() throws IOException {
        List<Row> rows = csv("id,text\n1,a\0b\n2,\"\0\"\n");
        assertEquals("a\0b", rows.get(0).text());
        assertEquals("\0", rows.get(1).text());
        assertTrue(rows.get(0).isOk());
    }

    @Test
    void invalidUtf8FailsOnlyThatRow() throws IOException {
        byte[] data = concat(utf8("id,text\n1,caf\u00e9\n2,bad"), new byte[] {(byte) 0xFF, (byte) 0xC3},
                utf8(" byte\n3,fine\n"));
        List<Row> rows = readAll(open(data, Format.CSV));
        assertEquals(3, rows.size());
        assertEquals("caf\u00e9", rows.get(0).text());
        assertFalse(rows.get(1).isOk());
        assertEquals("invalid UTF-8 in column 'text'", rows.get(1).error());
        assertEquals(3L, rows.get(1).line());
        assertEquals("1", values(rows.get(0)).get(0));
        assertEquals("bad\uFFFD\uFFFD byte", values(rows.get(1)).get(1), "kept with substitutes for the output");
        assertEquals("fine", rows.get(2).text());
        assertEquals(2L, rows.get(2).index());
    }

    @Test
    void invalidUtf8InAnotherColumnNamesThatColumn() throws IOException {
        byte[] data = concat(utf8("id,text\n"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8(",ok\n"));
        Row r = readAll(open(data, Format.CSV)).get(0);
        assertEquals("invalid UTF-8 in column 'id'", r.error());
    }

    @Test
    void unterminatedQuoteFailsOneRecordAndReadingResumes() throws IOException {
        List<Row> rows = csv("id,text\n1,ok\n2,\"broken\n3,three\n4,four\n");
        assertEquals(4, rows.size());
        assertEquals("ok", rows.get(0).text());
        Row bad = rows.get(1);
        assertEquals("unterminated quoted field", bad.error());
        assertEquals(3L, bad.line());
        assertEquals(new RowFields.Unparsed("2,\"broken"), bad.fields());
        assertEquals("three", rows.get(2).text());
        assertEquals(4L, rows.get(2).line());
        assertEquals("four", rows.get(3).text());
        assertEquals(5L, rows.get(3).line());
        assertEquals(List.of(0L, 1L, 2L, 3L), rows.stream().map(Row::index).toList());
    }

    @Test
    void quoteClosedByALaterLinesQuoteIsAlsoBroken() throws IOException {
        // The quote opened on line 3 is "closed" by the one on line 4, followed by 'x' instead of a
        // delimiter: without recovery rows 2 and 3 would silently merge.
        List<Row> rows = csv("id,text\n1,\"oops\n2,\"x\"\n3,z\n");
        assertEquals(3, rows.size());
        assertEquals("unterminated quoted field", rows.get(0).error());
        assertEquals(2L, rows.get(0).line());
        assertEquals("x", rows.get(1).text());
        assertEquals(3L, rows.get(1).line());
        assertEquals("z", rows.get(2).text());
        assertEquals(4L, rows.get(2).line());
    }

    @Test
    void brokenQuoteAfterAValidMultiLineFieldResumesAfterTheBrokenQuotesLine() throws IOException {
        List<Row> rows = csv("id,a,text\n1,\"x\ny\",\"broken\n2,b,c\n");
        assertEquals(2, rows.size());
        assertEquals("unterminated quoted field", rows.get(0).error());
        assertEquals(2L, rows.get(0).line());
        assertEquals(new RowFields.Unparsed("1,\"x\ny\",\"broken"), rows.get(0).fields());
        assertEquals("c", rows.get(1).text());
        assertEquals(4L, rows.get(1).line());
    }

    @Test
    void unterminatedQuoteOnTheLastLine() throws IOException {
        List<Row> rows = csv("id,text\n1,a\n2,\"never closed");
        assertEquals(2, rows.size());
        assertEquals("unterminated quoted field", rows.get(1).error());
        assertEquals(new RowFields.Unparsed("2,\"never closed"), rows.get(1).fields());
    }

    @Test
    void quoteRunningPastTheRecordLimitIsBrokenAndResumes() throws IOException {
        StringBuilder sb = new StringBuilder("id,text\n1,\"no end\n");
        for (int i = 2; i <= 50; i++) {
            sb.append(i).append(",row ").append(i).append('\n');
        }
        List<Row> rows = readAll(RowReaders.open(
                new InputSpec(null, Format.CSV, null, new java.io.ByteArrayInputStream(utf8(sb.toString()))), 100));
        assertEquals(50, rows.size());
        assertEquals("unterminated quoted field", rows.get(0).error());
        assertEquals("row 2", rows.get(1).text());
        assertEquals(3L, rows.get(1).line());
        assertEquals("row 50", rows.get(49).text());
        assertEquals(51L, rows.get(49).line());
    }

    @Test
    void overlongLineOutsideQuotesFailsAndIsSkipped() throws IOException {
        String data = "id,text\n1," + "y".repeat(500) + "\n2,short\n";
        List<Row> rows = readAll(RowReaders.open(
                new InputSpec(null, Format.CSV, null, new java.io.ByteArrayInputStream(utf8(data))), 100));
        assertEquals(2, rows.size());
        assertEquals("record longer than 0 MiB", rows.get(0).error().replaceAll("\\d+ MiB", "0 MiB"));
        assertEquals("short", rows.get(1).text());
        assertEquals(3L, rows.get(1).line());
    }

    @Test
    void strayQuotesOnOneLineAreLiteral() throws IOException {
        List<Row> rows = csv("id,text\n1,5\" screen\n2,\"Hello\" he said\n3,x\n");
        assertEquals("5\" screen", rows.get(0).text());
        assertEquals("\"Hello\" he said", rows.get(1).text());
        assertTrue(rows.get(1).isOk());
        assertEquals("x", rows.get(2).text());
    }

    @Test
    void shortRowsArePaddedUnlessTheTextIsMissing() throws IOException {
        List<Row> rows = csv("text,id,lang\nhello,1\nonly text\n,\n");
        assertEquals(List.of("hello", "1", ""), values(rows.get(0)));
        assertTrue(rows.get(0).isOk());
        assertEquals(List.of("only text", "", ""), values(rows.get(1)));
        assertTrue(rows.get(1).isOk());
        assertEquals("", rows.get(2).text());

        List<Row> textLast = csv("id,text\n7\n8,x\n");
        assertEquals("missing text field 'text' (row has 1 of 2 fields)", textLast.get(0).error());
        assertEquals(List.of("7", ""), values(textLast.get(0)));
        assertEquals("x", textLast.get(1).text());
    }

    @Test
    void longRowsFailUnlessTheExtrasAreEmpty() throws IOException {
        List<Row> rows = csv("id,text\n1,a,\n2,b,,\n3,c,extra\n4,d\n");
        assertTrue(rows.get(0).isOk());
        assertEquals(List.of("1", "a"), values(rows.get(0)));
        assertTrue(rows.get(1).isOk());
        assertEquals("row has 3 fields, header has 2", rows.get(2).error());
        assertEquals(List.of("3", "c", "extra"), values(rows.get(2)));
        assertEquals("d", rows.get(3).text());
    }

    @Test
    void duplicateHeaderNamesKeepBothColumns() throws IOException {
        RowReader r = open(utf8("text,id,text\nfirst,1,second\n"), Format.CSV);
        assertEquals(List.of("text", "id", "text"), r.columns());
        Row row = readAll(r).get(0);
        assertEquals("first", row.text(), "the first of duplicate names wins");
        assertEquals(List.of("first", "1", "second"), values(row));
    }

    @Test
    void tsvUsesTabsAndCsvQuotingWithoutBackslashEscapes() throws IOException {
        List<Row> rows = readAll(open(utf8("id\ttext\n1\tC:\\new\\table, ok\n2\t\"a\tb\"\n"), Format.TSV));
        assertEquals("C:\\new\\table, ok", rows.get(0).text());
        assertEquals("a\tb", rows.get(1).text());
    }

    @Test
    void manyColumns() throws IOException {
        StringBuilder h = new StringBuilder("text");
        StringBuilder v = new StringBuilder("t");
        for (int i = 0; i < 5000; i++) {
            h.append(",c").append(i);
            v.append(',').append(i);
        }
        RowReader r = open(utf8(h + "\n" + v + "\n"), Format.CSV);
        assertEquals(5001, r.columns().size());
        Row row = readAll(r).get(0);
        assertEquals("4999", values(row).get(5000));
    }

    @Test
    void loneCarriageReturnsEndLines() throws IOException {
        List<Row> rows = csv("id,text\r1,a\r2,b");
        assertEquals(List.of("a", "b"), rows.stream().map(Row::text).toList());
        assertEquals(List.of(2L, 3L), rows.stream().map(Row::line).toList());
    }
}
