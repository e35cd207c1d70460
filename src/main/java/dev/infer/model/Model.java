package dev.infer.model;

/**
 * A loaded model: tokenizer, shared session and what infer understood about it. Loaded once per
 * process and shared read-only by every worker; the owner closes it after the run.
 */
public record Model(ModelInfo info, TextTokenizer tokenizer, ModelSession session) implements AutoCloseable {

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            tokenizer.close();
        }
    }
}
