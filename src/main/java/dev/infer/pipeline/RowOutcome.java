package dev.infer.pipeline;

import dev.infer.io.Row;

/** A finished row: its results, or why it failed. */
public record RowOutcome(Row row, Object[] values, String error) {

    static RowOutcome success(Row row, Object[] values) {
        return new RowOutcome(row, values, null);
    }

    static RowOutcome failure(Row row, String error) {
        return new RowOutcome(row, null, error);
    }

    public boolean failed() {
        return error != null;
    }
}
