package dev.infer.model;

/** What a model's chosen output holds, and so which tasks it can serve. */
public enum OutputKind {
    /** [batch, seq, dim] token vectors (last_hidden_state, token_embeddings): pool them for embeddings. */
    TOKEN_EMBEDDINGS,
    /** [batch, dim] sentence vectors (sentence_embedding, pooler_output): use as they are. */
    SENTENCE_EMBEDDING,
    /** [batch, labels] classification logits. */
    LOGITS;

    public boolean isEmbedding() {
        return this != LOGITS;
    }
}
