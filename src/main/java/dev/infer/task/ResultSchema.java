package dev.infer.task;

import java.util.List;
import java.util.Optional;

/**
 * The fields a task adds to every row, in output order; a row's values travel as an array aligned with it.
 * Consumers read a value through {@link #value} by field, never by position or by a name they know.
 */
public record ResultSchema(List<ResultField> fields) implements java.io.Serializable {
    public ResultSchema {
        fields = List.copyOf(fields);
        if (fields.stream().map(ResultField::name).distinct().count() != fields.size()) {
            throw new IllegalArgumentException("a result field is named twice: " + fields);
        }
    }

    public static ResultSchema of(ResultField... fields) {
        return new ResultSchema(List.of(fields));
    }

    public List<String> names() {
        return fields.stream().map(ResultField::name).toList();
    }

    public int size() {
        return fields.size();
    }

    public ResultField field(int i) {
        return fields.get(i);
    }

    public boolean has(ResultField field) {
        return fields.contains(field);
    }

    /** The field's value in a row's values, or empty when this schema has no such field. */
    public Optional<Object> value(Object[] values, ResultField field) {
        int i = fields.indexOf(field);
        return i < 0 ? Optional.empty() : Optional.ofNullable(values[i]);
    }
}
