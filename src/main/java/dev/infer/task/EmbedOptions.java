package dev.infer.task;

import dev.infer.model.Pooling;

/**
 * How to embed, front-end neutral.
 *
 * @param pooling   how token vectors become one vector, or null to follow the model folder
 * @param normalize scale vectors to unit length
 */
public record EmbedOptions(Pooling pooling, boolean normalize) {
    public static EmbedOptions defaults() {
        return new EmbedOptions(null, true);
    }
}
