package dev.infer.pipeline;

import dev.infer.io.Row;
import dev.infer.model.Encoded;

/** A row on its way to a worker, with its tokens when the reader already needed them for grouping. */
record WorkItem(Row row, Encoded encoded) {

    WorkItem withEncoded(Encoded e) {
        return new WorkItem(row, e);
    }
}
