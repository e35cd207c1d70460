package dev.infer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Differential test: on well-formed CSV/TSV, infer's hand-written reader must give exactly the fields
 * and start lines FastCSV gives. (Where they differ by design — broken quotes, invalid UTF-8, rows
 * longer than the header — infer's own tests say what it does.)
 */
class FastCsvOracleTest {
    private static final String[] PIECES = {
        "a", "word", "two words", " lead", "trail ", "", "x,y", "say \"hi\"", "\"", "line\nbreak", "crlf\r\nbreak",
        "café", "naïve", "🙂 emoji", "tab\there", "semi;colon", "pipe|bar", "nul\u0000byte", "1.10", "\"\"", "'single'",
        "back\\slash", "=SUM(A1)", "ends with newline\n", "  ", "中文字符",
    };

    /** One record as infer read it: the start line and the fields (header included as the first). */
    record Rec(long line, List<String> fields) {
    }

    @Test
    void generatedCorporaReadTheSameAsFastCsv() throws IOException {
        Random r = new Random(20240601);
        for (int corpus = 0; corpus < 60; corpus++) {
            char delim = switch (corpus % 4) {
                case 0, 1 -> ',';
                case 2 -> '\t';
                default -> ';';
            };
            String eol = corpus % 3 == 0 ? "\r\n" : "\n";
            int columns = 2 + r.nextInt(5);
            int rows = r.nextInt(40);
            StringBuilder csv = new StringBuilder();
            List<String> header = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                header.add(c == 0 ? "text" : "col " + c + (r.nextInt(4) == 0 ? "," + delim : ""));
            }
            appendRecord(csv, header, delim, eol);
            for (int i = 0; i < rows; i++) {
                List<String> fields = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    StringBuilder f = new StringBuilder();
                    for (int k = r.nextInt(3); k > 0; k--) {
                        f.append(PIECES[r.nextInt(PIECES.length)]);
                    }
                    fields.add(f.toString());
                }
                appendRecord(csv, fields, delim, eol);
                if (r.nextInt(10) == 0) {
                    csv.append(eol); // a blank line between records: skipped, but it counts for line numbers
                }
            }
            if (r.nextBoolean() && csv.length() > 0) {
                csv.setLength(csv.length() - eol.length()); // no line break after the last record
            }
            assertSameAsFastCsv(csv.toString(), delim);
        }
    }

    @Test
    void edgeCaseFilesReadTheSameAsFastCsv() throws IOException {
        String[] files = {
            "text,n\n\"a, b\",1\n\"say \"\"hi\"\"\",2\n",
            "text,n\r\n\"multi\r\nline\",1\r\n\"\",2\r\n",
            "text,n\n\"\",\"\"\n,\n",
            "text,n\nlast row,no newline",
            "text,n\n\n\nafter blanks,1\n\n",
            "\uFEFFtext,n\nbom,1\n",
            "text,n\n\"a\nb\nc\nd\",multi\nnext,row\n",
            "text,n\n5\" screen,literal quote\n",
            "text,n\nnul\u0000inside,1\n",
            "text,n\rlone,CR\rends,\"here\r\"\r",
            "text,n\r\nshort row\r\n",
            "text\ta b\nx,y\t\"q\t\"\n",
            "text;n\n\"semi;inside\";1\n",
            "\"text\",\"n\"\n\"quoted header\",\"1\"\n",
            "text,n\n\"\"\"\",\"\"\"\"\"\"\n",
        };
        for (String f : files) {
            char delim = f.contains("\t") && !f.contains(",n") ? '\t' : f.contains(";") && !f.contains(",") ? ';' : ',';
            assertSameAsFastCsv(f, delim);
        }
    }

    private static void appendRecord(StringBuilder sb, List<String> fields, char delim, String eol) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(delim);
            }
            String v = fields.get(i);
            boolean quote = v.indexOf(delim) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                    || (fields.size() == 1 && v.isEmpty());
            if (quote) {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        sb.append(eol);
    }

    private static void assertSameAsFastCsv(String csv, char delim) throws IOException {
        List<Rec> expected = new ArrayList<>();
        String body = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        try (CsvReader<CsvRecord> oracle = CsvReader.builder().fieldSeparator(delim).skipEmptyLines(true)
                .ignoreDifferentFieldCount(true).ofCsvRecord(body)) {
            int width = -1;
            for (CsvRecord rec : oracle) {
                List<String> fields = new ArrayList<>(rec.getFields());
                if (width < 0) {
                    width = fields.size();
                }
                while (fields.size() < width) {
                    fields.add(""); // infer pads a short row (documented); FastCSV gives what is there
                }
                expected.add(new Rec(rec.getStartingLineNumber(), fields));
            }
        }
        List<Rec> actual = new ArrayList<>();
        Format format = delim == '\t' ? Format.TSV : Format.CSV;
        try (RowReader reader = RowReaders.open(new InputSpec(null, format, null,
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), delim))) {
            if (!reader.columns().isEmpty()) {
                actual.add(new Rec(expected.isEmpty() ? -1 : expected.get(0).line(), reader.columns()));
            }
            for (Row row = reader.next(); row != null; row = reader.next()) {
                assertTrue(row.isOk(), "well-formed input, yet: " + row.error() + " in " + show(csv));
                RowFields.Delimited d = (RowFields.Delimited) row.fields();
                actual.add(new Rec(row.line(), List.of(d.values())));
            }
        }
        assertEquals(expected, actual, show(csv));
    }

    private static String show(String csv) {
        return csv.length() > 400 ? csv.substring(0, 400) + "..." : csv;
    }
}
