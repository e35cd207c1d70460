package dev.infer.io;

import static dev.infer.io.IoTestSupport.open;
import static dev.infer.io.IoTestSupport.readAll;
import static dev.infer.io.IoTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowWritersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code input}, writes every row with {@code results.get(i)} (or the row's error) and returns the output. */
    private static String pipe(String input, Format in, Format out, List<String> fields, List<Object[]> results)
            throws IOException {
        RowReader reader = open(utf8(input), in);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (RowWriter w = RowWriters.open(bos, out, reader.columns(), fields)) {
            int i = 0;
            for (Row r : readAll(reader)) {
                Object[] res = r.isOk() ? results.get(i) : null;
                w.write(r, res, r.error());
                i++;
            }
        }
        return bos.toString(StandardCharsets.UTF_8);
    }

    private static List<Object[]> same(int n, Object... values) {
        List<Object[]> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(values);
        }
        return l;
    }

    @Test
    void jsonlPassesInputThroughByteForByte() throws IOException {
        String in = "{\"id\": 1,  \"text\":\"caf\\u00e9 \u00e9\", \"n\": 1.50e3, \"o\":{\"k\":[1, 2]} }\n"
                + "{\"text\":\"b\"}\r\n"
                + "{ \"text\" : \"c\" }   \n";
        String out = pipe(in, Format.JSONL, Format.JSONL, List.of("label"), same(3, "pos"));
        assertEquals("{\"id\": 1,  \"text\":\"caf\\u00e9 \u00e9\", \"n\": 1.50e3, \"o\":{\"k\":[1, 2]} ,\"label\":\"pos\"}\n"
                + "{\"text\":\"b\",\"label\":\"pos\"}\n"
                + "{ \"text\" : \"c\" ,\"label\":\"pos\"}\n", out);
    }

    @Test
    void jsonlEmptyObjectAndFailedRows() throws IOException {
        String in = "{}\n{\"text\":1}\nnot json\n{\"text\":\"ok\"}\n";
        String out = pipe(in, Format.JSONL, Format.JSONL, List.of("label", "score"), same(4, "x", 0.5f));
        String[] lines = out.split("\n", -1);
        assertEquals(5, lines.length);
        assertEquals("{\"label\":null,\"score\":null,\"error\":\"missing text field 'text'\"}", lines[0]);
        assertEquals("{\"text\":1,\"label\":null,\"score\":null,\"error\":\"text field 'text' is a number, not a string\"}",
                lines[1]);
        JsonNode unparsed = JSON.readTree(lines[2]);
        assertEquals("not json", unparsed.get("input").textValue());
        assertEquals(List.of("input", "label", "score", "error"), names(unparsed));
        assertEquals("{\"text\":\"ok\",\"label\":\"x\",\"score\":0.5}", lines[3]);
        assertEquals("", lines[4]);
    }

    @Test
    void jsonlResultValueTypes() throws IOException {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("pos", 0.9f);
        scores.put("neg", 0.1f);
        Object[] res = {
            new float[] {0.1f, -2.5f, 1e-7f, 3.4028235e38f, Float.NaN},
            List.of("a", List.of(1, 2L), Map.of("k", true)),
            scores,
            null,
            Double.POSITIVE_INFINITY,
            123456789012L,
            0.1,
            "quote \" backslash \\ newline \n tab \t nul \0 \u00e9"
        };
        String out = pipe("{\"text\":\"t\"}\n", Format.JSONL, Format.JSONL,
                List.of("emb", "nested", "scores", "none", "inf", "big", "dbl", "s"), same(1, res));
        assertEquals("{\"text\":\"t\",\"emb\":[0.1,-2.5,1.0E-7,3.4028235E38,null],\"nested\":[\"a\",[1,2],{\"k\":true}],"
                + "\"scores\":{\"pos\":0.9,\"neg\":0.1},\"none\":null,\"inf\":null,\"big\":123456789012,\"dbl\":0.1,"
                + "\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t nul \\u0000 \u00e9\"}\n", out);
        JsonNode n = JSON.readTree(out);
        assertEquals(1.0E-7f, n.get("emb").get(2).floatValue());
        assertEquals("quote \" backslash \\ newline \n tab \t nul \0 \u00e9", n.get("s").textValue());
    }

    @Test
    void numbersAsJsonWritesThem() throws IOException {
        // every float bit pattern class is in FloatTextTest; here: the value types around them
        assertEquals("1.1884683E13", json(1.18846831E13f)); // Java 17's Float.toString: "1.18846831E13"
        assertEquals("0.3", json(0.3f));
        assertEquals("1.0", json(1f));
        assertEquals("2", json(2));
        assertEquals("-9223372036854775808", json(Long.MIN_VALUE));
        assertEquals("9223372036854775807", json(Long.MAX_VALUE));
        assertEquals("-7", json((short) -7));
        assertEquals("0.1", json(0.1));
        assertEquals("null", json(Float.NaN));
        assertEquals("null", json(Double.NEGATIVE_INFINITY));
        assertEquals("12345678901234567890", json(new java.math.BigInteger("12345678901234567890")));
        assertEquals("[1,-2]", json(new int[] {1, -2}));
        assertEquals("[0.5,null]", json(new double[] {0.5, Double.NaN}));
    }

    private static String json(Object v) throws IOException {
        Utf8Out out = Utf8Out.inMemory(64);
        JsonText.value(out, v);
        byte[] b = new byte[out.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.byteAt(i);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void csvRoundTripWithQuoting() throws IOException {
        String in = "id,text\n"
                + "1,\"a, b\"\n"
                + "2,\"she said \"\"hi\"\"\"\n"
                + "3,\"multi\nline\"\n"
                + "4,\" padded \"\n"
                + "5,plain\n";
        String out = pipe(in, Format.CSV, Format.CSV, List.of("label", "score"), same(5, "pos", 0.25f));
        assertEquals("id,text,label,score,error\n"
                + "1,\"a, b\",pos,0.25,\n"
                + "2,\"she said \"\"hi\"\"\",pos,0.25,\n"
                + "3,\"multi\nline\",pos,0.25,\n"
                + "4,\" padded \",pos,0.25,\n"
                + "5,plain,pos,0.25,\n", out);
        // and reading the output back gives the input values again
        List<Row> back = readAll(open(utf8(out), Format.CSV));
        assertEquals(List.of("a, b", "she said \"hi\"", "multi\nline", " padded ", "plain"),
                back.stream().map(Row::text).toList());
    }

    @Test
    void csvStructuredResultsAndErrors() throws IOException {
        String in = "id,text\n1,ok\n2,\"broken\n3,fine\n";
        List<Object[]> res = List.of(
                new Object[] {new float[] {1f, 0.5f}, Map.of("a", 1), null, true},
                new Object[] {new float[] {}, List.of(), "x", false});
        RowReader reader = open(utf8(in), Format.CSV);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        RowWriter w = RowWriters.open(bos, Format.CSV, reader.columns(), List.of("emb", "m", "s", "b"));
        List<Row> rows = readAll(reader);
        w.write(rows.get(0), res.get(0), null);
        w.write(rows.get(1), null, rows.get(1).error());
        w.write(rows.get(2), res.get(1), null);
        assertEquals(0, bos.size(), "buffered until flush");
        w.flush();
        assertEquals("id,text,emb,m,s,b,error\n"
                + "1,ok,\"[1.0,0.5]\",\"{\"\"a\"\":1}\",,true,\n"
                + ",,,,,,unterminated quoted field\n"
                + "3,fine,[],[],x,false,\n", bos.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tsvOutputQuotesOnlyWhatItMust() throws IOException {
        String out = pipe("id\ttext\n1\ta, b\n2\t\"x\ty\"\n", Format.TSV, Format.TSV, List.of("label"),
                same(2, "l"));
        assertEquals("id\ttext\tlabel\terror\n1\ta, b\tl\t\n2\t\"x\ty\"\tl\t\n", out);
    }

    @Test
    void jsonlInputToCsvMatchesColumnsByName() throws IOException {
        String in = "{\"id\":1,\"text\":\"a\",\"meta\":{\"k\":1.10}}\n"
                + "{\"text\":\"b\",\"extra\":\"dropped\",\"id\":null}\n"
                + "{\"id\":\"three\",\"text\":\"c, d\",\"meta\":[1]}\n";
        String out = pipe(in, Format.JSONL, Format.CSV, List.of("label"), same(3, "L"));
        assertEquals("id,text,meta,label,error\n"
                + "1,a,\"{\"\"k\"\":1.10}\",L,\n"
                + ",b,,L,\n"
                + "three,\"c, d\",[1],L,\n", out);
    }

    @Test
    void csvInputToJsonl() throws IOException {
        String out = pipe("id,text\n1,\"x\ny\"\n", Format.CSV, Format.JSONL, List.of("n"), same(1, 3));
        assertEquals("{\"id\":\"1\",\"text\":\"x\\ny\",\"n\":3}\n", out);
    }

    @Test
    void csvCollisionsAreRenamedOnceFromTheHeader() throws IOException {
        String out = pipe("text,label,infer_label,error\nt,old,older,e\n", Format.CSV, Format.CSV,
                List.of("label", "score"), same(1, "new", 1));
        assertEquals("text,label,infer_label,error,infer_infer_label,score,infer_error\n"
                + "t,old,older,e,new,1,\n", out);
    }

    @Test
    void jsonlCollisionsAreDecidedPerRow() throws IOException {
        String in = "{\"text\":\"a\",\"label\":\"gold\"}\n{\"text\":\"b\"}\n{\"text\":1,\"error\":\"mine\"}\n";
        String out = pipe(in, Format.JSONL, Format.JSONL, List.of("label"), same(3, "pred"));
        assertEquals("{\"text\":\"a\",\"label\":\"gold\",\"infer_label\":\"pred\"}\n"
                + "{\"text\":\"b\",\"label\":\"pred\"}\n"
                + "{\"text\":1,\"error\":\"mine\",\"label\":null,\"infer_error\":\"text field 'text' is a number, not a string\"}\n",
                out);
    }

    @Test
    void outputNamesRule() {
        assertArrayEquals(new String[] {"label", "error"},
                OutputNames.resultAndErrorNames(List.of("label"), n -> false));
        assertArrayEquals(new String[] {"infer_infer_label", "score"},
                OutputNames.resolve(List.of("label", "score"), n -> n.equals("label") || n.equals("infer_label")));
        // result names stay distinct from each other too
        assertArrayEquals(new String[] {"infer_label", "infer_infer_label"},
                OutputNames.resolve(List.of("label", "infer_label"), n -> n.equals("label")));
    }

    @Test
    void headerIsWrittenEvenWithoutRows() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        RowWriter w = RowWriters.open(bos, Format.CSV, List.of("id", "text"), List.of("label"));
        w.close();
        assertEquals("id,text,label,error\n", bos.toString(StandardCharsets.UTF_8));
    }

    @Test
    void wrongResultCountIsRejected() throws IOException {
        RowWriter w = RowWriters.open(new ByteArrayOutputStream(), Format.JSONL, List.of(), List.of("a", "b"));
        Row row = Row.ok(0, 1, new RowFields.Unparsed("x"), "x");
        assertThrows(IllegalArgumentException.class, () -> w.write(row, new Object[] {1}, null));
    }

    @Test
    void countingOutputStreamCountsFlushedBytes() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        CountingOutputStream counting = new CountingOutputStream(bos, 10);
        RowWriter w = RowWriters.open(counting, Format.JSONL, List.of(), List.of("l"));
        w.write(Row.ok(0, 1, new RowFields.Unparsed("\u00e9"), "\u00e9"), new Object[] {"\u00e9"}, null);
        w.flush();
        assertEquals(10 + bos.size(), counting.count());
        assertEquals("{\"input\":\"\u00e9\",\"l\":\"\u00e9\"}\n", bos.toString(StandardCharsets.UTF_8));
    }

    private static List<String> names(JsonNode n) {
        List<String> l = new ArrayList<>();
        n.fieldNames().forEachRemaining(l::add);
        return l;
    }
}
