package dev.infer.pipeline;

/**
 * Computing each text once: repeats within a run reuse the first result (dedupe), and results of
 * earlier runs come from a {@link ResultStore} (infer's {@code --cache}).
 *
 * @param dedupeCapacity distinct texts remembered within the run (0 = no dedupe); the most recently
 *                       seen stay, so a repeat further back than this is computed again
 * @param scope          what every row's result depends on besides its text (see {@link RowKey})
 * @param store          results of earlier runs, or null
 */
public record Reuse(int dedupeCapacity, byte[] scope, ResultStore store) {

    /** ~15 MB of 384-float embeddings: enough for the repeats of real exports, small next to the model. */
    public static final int DEFAULT_DEDUPE_CAPACITY = 10_000;

    public static final Reuse NONE = new Reuse(0, new byte[0], null);

    public Reuse {
        if (dedupeCapacity < 0) {
            throw new IllegalArgumentException("dedupe capacity must not be negative");
        }
        scope = scope.clone();
    }

    public boolean active() {
        return dedupeCapacity > 0 || store != null;
    }
}
