package dev.infer.io;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;

/**
 * Writes output rows: each input row's own fields followed by the result fields. Not thread-safe:
 * the sequencing writer calls it from one thread, in input order.
 */
public interface RowWriter extends Closeable, Flushable {

    /**
     * Writes one output row.
     *
     * @param row     the input row; its fields are copied through unchanged
     * @param results the result values, aligned with the writer's result field names, or {@code null}
     *                when the row failed (its result fields are then left empty)
     * @param error   why the row failed, or {@code null}
     */
    void write(Row row, Object[] results, String error) throws IOException;

    /**
     * Rows so far whose input had fields this output could not hold (JSON keys that are not among a
     * CSV/TSV output's columns, which come from the first object); they were left out.
     */
    default long rowsWithDroppedFields() {
        return 0;
    }

    /** The names of the fields left out (see {@link #rowsWithDroppedFields()}), in first-seen order. */
    default java.util.Set<String> droppedFieldNames() {
        return java.util.Set.of();
    }
}
