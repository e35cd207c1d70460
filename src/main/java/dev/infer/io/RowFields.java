package dev.infer.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The fields of one input row, as they came in. */
public sealed interface RowFields {

    /** Field names in input order. */
    List<String> names();

    /** The value of field {@code i} as text (JSON text for non-string JSON values; "" for null or missing). */
    String text(int i);

    boolean has(String name);

    /** A delimited-file row: every value is a string, the names come from the header. */
    record Delimited(Header header, String[] values) implements RowFields {
        @Override
        public List<String> names() {
            return header.names();
        }

        @Override
        public String text(int i) {
            String v = i < values.length ? values[i] : null;
            return v == null ? "" : v;
        }

        @Override
        public boolean has(String name) {
            return header.indexOf(name) >= 0;
        }
    }

    /**
     * A JSON object row. {@code raw} is the object's source text, kept so a JSONL writer can pass the
     * input through byte for byte; {@code node} is the parsed object.
     */
    record Json(String raw, ObjectNode node, List<String> names) implements RowFields {
        public Json(String raw, ObjectNode node) {
            this(raw, node, node.properties().stream().map(java.util.Map.Entry::getKey).toList());
        }

        @Override
        public String text(int i) {
            var v = node.get(names.get(i));
            if (v == null || v.isNull()) {
                return "";
            }
            return v.isTextual() ? v.textValue() : v.toString();
        }

        @Override
        public boolean has(String name) {
            return node.has(name);
        }
    }

    /** Fields of a line that could not be parsed at all: only its raw text is known. */
    record Unparsed(String raw) implements RowFields {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public String text(int i) {
            throw new IndexOutOfBoundsException(i);
        }

        @Override
        public boolean has(String name) {
            return false;
        }
    }
}
