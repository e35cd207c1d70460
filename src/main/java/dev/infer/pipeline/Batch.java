package dev.infer.pipeline;

import java.util.List;

/**
 * One cut of a window (see {@link Batcher}); it becomes one {@link WorkUnit}. Its rows are run {@code rowsPerCall} at a time; when batching, a
 * batch is exactly one model call.
 */
record Batch(List<WorkItem> items) {
}
