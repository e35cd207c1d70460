package dev.infer.model;

/**
 * Tokens per row a model takes, and where that number came from (shown by {@code infer model inspect}).
 *
 * @param value  the limit; longer rows are truncated
 * @param source the file and key it came from, e.g. "sentence_bert_config.json max_seq_length"
 */
public record MaxLength(int value, String source) {
    /** What infer assumes when no file says anything: BERT's size, the most common one. */
    static final int FALLBACK = 512;

    /**
     * Picks the limit the way sentence-transformers and Transformers do: sentence-transformers'
     * max_seq_length, else the tokenizer's model_max_length, else the model's position table, else 512;
     * never more than the position table holds (a longer row would fail in the model or, worse, read
     * past the table).
     *
     * @param maxSeqLength       sentence_bert_config.json max_seq_length, or null
     * @param modelMaxLength     tokenizer_config.json model_max_length (sentinels already dropped), or null
     * @param usablePositions    positions config.json's max_position_embeddings leaves for tokens, or null
     */
    static MaxLength resolve(Integer maxSeqLength, Integer modelMaxLength, Integer usablePositions) {
        MaxLength picked;
        if (maxSeqLength != null) {
            picked = new MaxLength(maxSeqLength, "sentence_bert_config.json max_seq_length");
        } else if (modelMaxLength != null) {
            picked = new MaxLength(modelMaxLength, "tokenizer_config.json model_max_length");
        } else if (usablePositions != null) {
            return new MaxLength(usablePositions, "config.json max_position_embeddings");
        } else {
            return new MaxLength(FALLBACK, "default (no file sets a limit)");
        }
        if (usablePositions != null && picked.value > usablePositions) {
            return new MaxLength(usablePositions, picked.source + " " + picked.value
                    + ", capped by config.json max_position_embeddings");
        }
        return picked;
    }

    /** The user's --max-length, which may only lower the limit (a longer row could run past the positions). */
    MaxLength capped(Integer cap) {
        if (cap == null) {
            return this;
        }
        if (cap > value) {
            throw new ModelException("{{max-length}} " + cap + " is more than this model takes (" + value + ", from "
                    + source + ")");
        }
        return new MaxLength(cap, "--max-length (the model's own: " + value + ", from " + source + ")");
    }
}
