package dev.infer.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code --errors FILE}: every failed row as one JSON line with its input line number, row number,
 * reason and input fields, so bad rows can be fixed and rerun.
 */
public final class ErrorLog implements AutoCloseable {
    private final OutputStream out;
    private final JsonFactory json = new JsonFactory();

    private ErrorLog(OutputStream out) {
        this.out = out;
    }

    /** @param append keep what an interrupted run already logged (resume) */
    public static ErrorLog open(Path file, boolean append) {
        try {
            OutputStream os = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            return new ErrorLog(new BufferedOutputStream(GuardedOutputStream.file(os, file)));
        } catch (IOException e) {
            throw new InputException("cannot write errors file '" + file + "': " + OsReason.of(e), e);
        }
    }

    public void write(Row row, String error) throws IOException {
        try (JsonGenerator g = json.createGenerator(new NonClosingOutputStream(out))) {
            g.writeStartObject();
            g.writeNumberField("line", row.line());
            g.writeNumberField("row", row.index() + 1);
            g.writeStringField("error", error);
            RowFields fields = row.fields();
            if (fields instanceof RowFields.Json j) {
                g.writeFieldName("input");
                g.writeRawValue(j.raw());
            } else if (fields instanceof RowFields.Unparsed u) {
                g.writeStringField("input", u.raw());
            } else if (fields instanceof RowFields.Delimited d) {
                g.writeObjectFieldStart("input");
                for (int i = 0; i < d.names().size(); i++) {
                    g.writeStringField(d.names().get(i), d.text(i));
                }
                g.writeEndObject();
                if (d.values().length > d.names().size()) { // a long row: keep what has no column, to fix it by hand
                    g.writeArrayFieldStart("extra_values");
                    for (int i = d.names().size(); i < d.values().length; i++) {
                        g.writeString(d.text(i));
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }
        out.write('\n');
    }

    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
