package dev.infer.pipeline;

import dev.infer.io.Row;
import dev.infer.model.Encoded;

/** A row on its way to a worker, with its tokens once something needed them (grouping by length). */
public record WorkItem(Row row, Encoded encoded) {

    /** A row not tokenized yet: the worker that runs it tokenizes it. */
    public static WorkItem of(Row row) {
        return new WorkItem(row, null);
    }

    WorkItem withEncoded(Encoded e) {
        return new WorkItem(row, e);
    }
}
