package dev.infer.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the io tests. */
final class IoTestSupport {
    private IoTestSupport() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static RowReader open(byte[] data, Format format) {
        return RowReaders.open(new InputSpec(null, format, null, new ByteArrayInputStream(data)));
    }

    static RowReader open(byte[] data, Format format, String textColumn) {
        return RowReaders.open(new InputSpec(null, format, textColumn, new ByteArrayInputStream(data)));
    }

    static List<Row> readAll(RowReader r) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (r) {
            for (Row row; (row = r.next()) != null; ) {
                rows.add(row);
            }
        }
        return rows;
    }

    static List<Row> csv(String s) throws IOException {
        return readAll(open(utf8(s), Format.CSV));
    }

    static List<Row> jsonl(String s) throws IOException {
        return readAll(open(utf8(s), Format.JSONL));
    }

    /** The values of a delimited row, as a list. */
    static List<String> values(Row r) {
        return List.of(((RowFields.Delimited) r.fields()).values());
    }
}
