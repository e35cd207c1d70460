package dev.infer.cli;

import dev.infer.io.Row;
import dev.infer.pipeline.FailedRowSink;
import java.io.IOException;

/** Passes failed rows on and remembers the first, so "every row failed" can say why. */
final class FirstFailure implements FailedRowSink {
    private final FailedRowSink next;
    private volatile String first;

    FirstFailure(FailedRowSink next) {
        this.next = next;
    }

    @Override
    public void failed(Row row, String error) throws IOException {
        if (first == null) {
            first = "line " + row.line() + ": " + error;
        }
        next.failed(row, error);
    }

    /** The first failed row's line and reason, or null. */
    String first() {
        return first;
    }
}
