package dev.infer.io;

import static dev.infer.io.IoTestSupport.open;
import static dev.infer.io.IoTestSupport.readAll;
import static dev.infer.io.IoTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowReadersTest {
    @TempDir
    Path dir;

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }

    @Test
    void missingFileAndDirectoryAreInputErrors() {
        String missing = dir.resolve("nope.csv").toString();
        InputException e = assertThrows(InputException.class, () -> RowReaders.open(InputSpec.file(missing)));
        assertEquals("cannot read input file '" + missing + "': no such file", e.getMessage());
        InputException d = assertThrows(InputException.class, () -> RowReaders.open(InputSpec.file(dir.toString())));
        assertEquals("cannot read input file '" + dir + "': it is a directory", d.getMessage());
    }

    @Test
    void missingTextColumnMessageListsTheColumns() throws IOException {
        Path f = dir.resolve("reviews.csv");
        Files.write(f, utf8("id,rating,text\n1,5,good\n"));
        String name = f.toString();
        InputException e = assertThrows(InputException.class,
                () -> RowReaders.open(InputSpec.file(name).withTextColumn("body")));
        assertEquals("column 'body' not found in " + name + "; columns are: id, rating, text (use --text-column)",
                e.getMessage());

        Path g = dir.resolve("other.csv");
        Files.write(g, utf8("id,body,title\n1,x,y\n"));
        InputException noDefault = assertThrows(InputException.class,
                () -> RowReaders.open(InputSpec.file(g.toString())));
        assertEquals("column 'text' not found in " + g + "; columns are: id, body, title (use --text-column)",
                noDefault.getMessage());
    }

    @Test
    void textColumnRules() throws IOException {
        try (RowReader r = open(utf8("id,text,body\n"), Format.CSV)) {
            assertEquals("text", r.textColumn());
        }
        try (RowReader r = open(utf8("id,text,body\n"), Format.CSV, "body")) {
            assertEquals("body", r.textColumn());
        }
        try (RowReader r = open(utf8("sentence\nhello\n"), Format.CSV)) {
            assertEquals("sentence", r.textColumn(), "the only column");
            assertEquals("hello", r.next().text());
        }
        try (RowReader r = open(utf8("id, Text\n1, hi\n"), Format.CSV)) {
            assertEquals(" Text", r.textColumn(), "unique loose match of 'text'");
            assertEquals(" hi", r.next().text());
        }
    }

    @Test
    void formatComesFromTheNameThenSniffing() throws IOException {
        Path tsv = dir.resolve("data.tsv");
        Files.write(tsv, utf8("id,x\ttext\n1,2\thello\n"));
        try (RowReader r = RowReaders.open(InputSpec.file(tsv.toString()))) {
            assertEquals(Format.TSV, r.format(), "the name wins over the content");
            assertEquals(List.of("id,x", "text"), r.columns());
        }
        Path txt = dir.resolve("data.txt");
        Files.write(txt, utf8("  \n{\"text\":\"j\"}\n"));
        try (RowReader r = RowReaders.open(InputSpec.file(txt.toString()))) {
            assertEquals(Format.JSONL, r.format());
            assertEquals("j", r.next().text());
        }
    }

    @Test
    void aDelimiterThatDoesNotSplitTheHeaderNamesTheOneThatDoes() throws IOException {
        Path comma = dir.resolve("reviews.csv");
        Files.write(comma, utf8("id,text\n1,good\n"));
        InputException semi = assertThrows(InputException.class,
                () -> RowReaders.open(InputSpec.file(comma.toString()).withDelimiter(';')));
        assertEquals("--delimiter ';' does not split the header of " + comma + " (one column), but ',' does;"
                + " use --delimiter ','", semi.getMessage());
        Path tabs = dir.resolve("reviews.tsv");
        Files.write(tabs, utf8("id\ttext\n1\tgood\n"));
        InputException c = assertThrows(InputException.class,
                () -> RowReaders.open(InputSpec.file(tabs.toString()).withDelimiter(',')));
        assertEquals("--delimiter ',' does not split the header of " + tabs + " (one column), but tab does;"
                + " use --delimiter tab", c.getMessage());
        Path single = dir.resolve("single.csv");
        Files.write(single, utf8("text\nhello, world\n"));
        try (RowReader r = RowReaders.open(InputSpec.file(single.toString()).withDelimiter(';'))) {
            assertEquals("hello, world", r.next().text(), "a one-column header with no other delimiter is fine");
        }
    }

    @Test
    void aCsvReadWithTabsIsStillACsvInput() throws IOException {
        Path f = dir.resolve("export.csv");
        Files.write(f, utf8("id\ttext\n1\thello\n"));
        try (RowReader r = RowReaders.open(InputSpec.file(f.toString()).withDelimiter('\t'))) {
            assertEquals(Format.CSV, r.format(), "so the output stays comma-separated, as documented");
            assertEquals(List.of("id", "text"), r.columns());
        }
    }

    @Test
    void aPipeWithNoWholeLineYetIsSaidToWait() throws IOException {
        java.io.PipedOutputStream feed = new java.io.PipedOutputStream();
        java.io.PipedInputStream pipe = new java.io.PipedInputStream(feed, 1 << 16);
        feed.write(utf8("text\nhello\nsec"));
        feed.flush();
        try (RowReader r = RowReaders.open(InputSpec.stdin(pipe).withFormat(Format.CSV))) {
            assertEquals("hello", r.next().text());
            assertTrue(r.inputWaiting(), "half a line buffered, nothing more in the pipe");
            feed.write(utf8("ond\nthird\n"));
            assertEquals(false, r.inputWaiting(), "bytes are there");
            assertEquals("second", r.next().text());
            assertEquals(false, r.inputWaiting(), "a whole line is buffered");
            feed.close();
            assertEquals("third", r.next().text());
        }
    }

    @Test
    void sniffsStdin() throws IOException {
        assertEquals(Format.JSONL, open(utf8("{\"text\":\"a\"}\n"), null).format());
        assertEquals(Format.JSONL, open(utf8("\uFEFF\n  {\"text\":\"a\"}"), null).format());
        assertEquals(Format.JSONL, open(utf8("{\"id\":1,\"text\":\"a\tb\"}\n"), null).format(), "'{' wins over commas and tabs");
        assertEquals(Format.TSV, open(utf8("id\ttext\n1\ta, b\n"), null).format());
        assertEquals(Format.CSV, open(utf8("id,text\n1,a\tb\n"), null).format());
        assertEquals(Format.CSV, open(utf8("text\nhello\n"), null).format());
        assertEquals(Format.CSV, open(utf8("a\tb,c\n"), null, "c").format(), "commas win over tabs");
        List<Row> rows = readAll(open(utf8("id\ttext\n1\ta, b\n"), null));
        assertEquals("a, b", rows.get(0).text());
    }

    @Test
    void sniffingDoesNotWaitForMoreThanTheFirstLine() throws IOException {
        // A pipe that has delivered one line and then blocks: opening must not wait for more.
        InputStream slow = new InputStream() {
            private final byte[] first = utf8("id\ttext\n");
            private int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= first.length) {
                    throw new AssertionError("read past the first line while sniffing");
                }
                int n = Math.min(len, first.length - pos);
                System.arraycopy(first, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        try (RowReader r = RowReaders.open(InputSpec.stdin(slow))) {
            assertEquals(Format.TSV, r.format());
            assertEquals(List.of("id", "text"), r.columns());
        }
    }

    @Test
    void gzipByNameAndByMagic() throws IOException {
        byte[] csv = utf8("id,text\n1,compressed\n2,too\n");
        byte[] gz = gzip(csv);
        Path f = dir.resolve("in.csv.gz");
        Files.write(f, gz);
        try (RowReader r = RowReaders.open(InputSpec.file(f.toString()))) {
            assertEquals(Format.CSV, r.format());
            assertEquals(List.of("compressed", "too"), readAll(r).stream().map(Row::text).toList());
            assertEquals(gz.length, r.bytesRead(), "compressed bytes consumed");
            assertEquals(gz.length, r.totalBytes());
        }
        List<Row> rows = readAll(RowReaders.open(InputSpec.stdin(new ByteArrayInputStream(gzip(
                utf8("{\"text\":\"gz stdin\"}\n"))))));
        assertEquals("gz stdin", rows.get(0).text());
    }

    @Test
    void fakeGzipIsAnInputErrorAndTruncatedGzipAnIoFailureAfterTheGoodRows() throws IOException {
        Path fake = dir.resolve("fake.csv.gz");
        Files.write(fake, utf8("id,text\n1,a\n"));
        InputException e = assertThrows(InputException.class, () -> RowReaders.open(InputSpec.file(fake.toString())));
        assertEquals("cannot read input file '" + fake + "': the name ends in .gz but the data is not gzip",
                e.getMessage());

        StringBuilder sb = new StringBuilder("id,text\n");
        for (int i = 0; i < 20000; i++) {
            sb.append(i).append(",row number ").append(i * 7919L % 100003).append('\n');
        }
        byte[] gz = gzip(utf8(sb.toString()));
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        // A cut-off download: the rows before the cut come out, then reading fails as I/O (exit 1), not usage.
        long[] good = {0};
        IOException t = assertThrows(IOException.class, () -> {
            try (RowReader r = RowReaders.open(InputSpec.file(cut.toString()))) {
                for (Row row = r.next(); row != null; row = r.next()) {
                    assertTrue(row.isOk(), row.error());
                    assertEquals(Long.toString(good[0]), row.fields().text(0));
                    good[0]++;
                }
            }
        });
        assertTrue(good[0] > 1000, "rows before the cut: " + good[0]);
        assertTrue(t.getMessage().startsWith("cannot read input file '" + cut + "': the gzip data is corrupt or truncated"),
                t.getMessage());
    }

    @Test
    void bytesReadCountsConsumedInput() throws IOException {
        StringBuilder sb = new StringBuilder("id,text\n");
        for (int i = 0; i < 100000; i++) {
            sb.append(i).append(",some text for row ").append(i).append('\n');
        }
        byte[] data = utf8(sb.toString());
        Path f = dir.resolve("big.csv");
        Files.write(f, data);
        try (RowReader r = RowReaders.open(InputSpec.file(f.toString()))) {
            assertEquals(data.length, r.totalBytes());
            r.next();
            long early = r.bytesRead();
            assertTrue(early > 0 && early < data.length / 2, "read ahead only a buffer: " + early);
            long n = 1;
            while (r.next() != null) {
                n++;
            }
            assertEquals(100000, n);
            assertEquals(data.length, r.bytesRead());
        }
    }

    @Test
    void stdinIsNotClosed() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(utf8("text\na\n")) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        readAll(RowReaders.open(new InputSpec("-", null, null, in)));
        assertEquals(false, closed[0]);
    }

    @Test
    void invalidUtf8HeaderIsAnInputError() {
        byte[] data = {'i', 'd', ',', 't', (byte) 0xE9, 'x', 't', '\n'};
        InputException e = assertThrows(InputException.class, () -> open(data, Format.CSV));
        assertEquals("stdin is not valid UTF-8 (in the header, line 1); convert it to UTF-8 first, e.g. with iconv",
                e.getMessage());
    }
}
