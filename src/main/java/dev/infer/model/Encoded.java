package dev.infer.model;

/**
 * One tokenized text, unpadded.
 *
 * @param ids       token ids, special tokens included, cut to the model's max length
 * @param typeIds   token type ids, same length as {@code ids}
 * @param truncated whether the text had more tokens than the max length
 */
public record Encoded(long[] ids, long[] typeIds, boolean truncated) {

    public int length() {
        return ids.length;
    }
}
