package dev.infer.model;

/**
 * A loaded model: tokenizer, shared session and what infer understood about it. Loaded once per
 * process and shared read-only by every worker; the owner closes it after the run.
 */
public record Model(ModelInfo info, TextTokenizer tokenizer, ModelSession session) implements AutoCloseable {

    /**
     * Opens the session and describes the model; if either fails, closes the session and the
     * tokenizer, so a failed load leaks no native memory.
     */
    static Model assemble(TextTokenizer tokenizer, java.util.function.Supplier<ModelSession> openSession,
                          java.util.function.Function<ModelSession, ModelInfo> describe) {
        ModelSession session = null;
        try {
            session = openSession.get();
            return new Model(describe.apply(session), tokenizer, session);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            tokenizer.close();
        }
    }
}
