package dev.infer.cli;

import dev.infer.model.Pooling;

/** Parses --pooling with a message that lists the choices. */
final class PoolingOption {
    private PoolingOption() {
    }

    static Pooling parse(String value) {
        try {
            return Pooling.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--pooling must be mean, cls or max (got '" + value + "')");
        }
    }
}
