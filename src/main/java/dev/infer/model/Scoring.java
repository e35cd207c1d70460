package dev.infer.model;

import java.util.Locale;

/** How a classifier's logits become scores, chosen the way Transformers' text-classification pipeline does. */
public enum Scoring {
    /** Exclusive labels: probabilities that sum to 1. */
    SOFTMAX,
    /** Independent labels (multi-label, or a single logit): each its own probability. */
    SIGMOID,
    /** Regression heads: the raw value. */
    NONE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
