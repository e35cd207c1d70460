package dev.infer.task;

import dev.infer.model.Pooling;

/**
 * How to embed, front-end neutral.
 *
 * @param pooling   how token vectors become one vector, or null to follow the model folder
 * @param normalize scale vectors to unit length
 * @param prefix    put in front of every text before embedding (E5's "query: "), or null for the model's own
 */
public record EmbedOptions(Pooling pooling, boolean normalize, String prefix) {
    public EmbedOptions(Pooling pooling, boolean normalize) {
        this(pooling, normalize, null);
    }

    public static EmbedOptions defaults() {
        return new EmbedOptions(null, true, null);
    }
}
