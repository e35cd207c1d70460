package dev.infer.pipeline;

import dev.infer.io.Row;
import java.io.IOException;

/** Receives every failed row, in input order, from the writer thread (for {@code --errors FILE}). */
@FunctionalInterface
public interface FailedRowSink {
    FailedRowSink NONE = (row, error) -> { };

    void failed(Row row, String error) throws IOException;
}
