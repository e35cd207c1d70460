package dev.infer.task;

import dev.infer.model.Pooling;

/**
 * How to embed, front-end neutral.
 *
 * @param pooling   how token vectors become one vector, or null to follow the model folder
 * @param normalize scale vectors to unit length
 * @param prefix     put in front of every text before embedding (E5's "query: "), or null for the model's own
 * @param dimensions keep the first N dimensions (re-normalized when normalizing), or null for all
 */
public record EmbedOptions(Pooling pooling, boolean normalize, String prefix, Integer dimensions) {
    public EmbedOptions {
        if (dimensions != null && dimensions < 1) {
            throw new OptionException("dimensions", "{} must be at least 1 (got " + dimensions + ")");
        }
    }

    public EmbedOptions(Pooling pooling, boolean normalize, String prefix) {
        this(pooling, normalize, prefix, null);
    }

    public EmbedOptions(Pooling pooling, boolean normalize) {
        this(pooling, normalize, null);
    }

    public static EmbedOptions defaults() {
        return new EmbedOptions(null, true, null);
    }
}
