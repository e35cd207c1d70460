package dev.infer.pipeline;

/** Receives progress from the writer thread, a few times a second at most. Must return quickly. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = s -> { };

    void onProgress(RunStats.Snapshot snapshot);
}
