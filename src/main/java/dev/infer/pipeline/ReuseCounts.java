package dev.infer.pipeline;

/**
 * How many rows skipped the model.
 *
 * @param repeats    rows whose text came earlier in this run (dedupe)
 * @param cacheHits  rows whose result came from the cache
 * @param cacheAdded computed results stored in the cache
 */
public record ReuseCounts(long repeats, long cacheHits, long cacheAdded) {
    public static final ReuseCounts NONE = new ReuseCounts(0, 0, 0);
}
