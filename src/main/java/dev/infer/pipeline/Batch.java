package dev.infer.pipeline;

import java.util.List;

/**
 * A unit of work for one worker. Its rows are run {@code rowsPerCall} at a time; when batching, a
 * batch is exactly one model call.
 */
record Batch(List<WorkItem> items) {
}
