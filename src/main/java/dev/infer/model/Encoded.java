package dev.infer.model;

import java.util.List;

/**
 * One row's tokens, unpadded: one sequence, or — for tasks whose rows expand into several model inputs (label
 * hypotheses, text windows, pairs) — several {@link #parts}, which always run in the same model call and which
 * the task merges back into the row's one result.
 *
 * @param ids        token ids, special tokens included, cut to the model's max length (empty for a row of parts)
 * @param typeIds    token type ids, same length as {@code ids} (1 for the second text of a pair)
 * @param truncated  whether the text had more tokens than the max length
 * @param charStarts each token's first character in the text (UTF-16 index), or null when not asked for;
 *                   -1 for special tokens
 * @param charEnds   each token's end (exclusive), likewise
 * @param parts      the row's sequences when it has several, else empty
 */
public record Encoded(long[] ids, long[] typeIds, boolean truncated, int[] charStarts, int[] charEnds,
                      List<Encoded> parts) {

    public Encoded {
        parts = List.copyOf(parts);
    }

    /** One sequence, without character offsets (what the lean encoding gives). */
    public Encoded(long[] ids, long[] typeIds, boolean truncated) {
        this(ids, typeIds, truncated, null, null, List.of());
    }

    /** A row of several sequences, run together and merged back by the task. */
    public static Encoded ofParts(List<Encoded> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a row of parts needs at least one part");
        }
        boolean truncated = parts.stream().anyMatch(Encoded::truncated);
        return new Encoded(new long[0], new long[0], truncated, null, null, parts);
    }

    /** The longest sequence's length: what every sequence of the row is padded to in a call. */
    public int length() {
        if (parts.isEmpty()) {
            return ids.length;
        }
        int longest = 0;
        for (Encoded p : parts) {
            longest = Math.max(longest, p.length());
        }
        return longest;
    }

    /** How many sequences the row puts into a model call. */
    public int sequences() {
        return parts.isEmpty() ? 1 : parts.size();
    }

    /** The real tokens of all its sequences. */
    public long tokens() {
        if (parts.isEmpty()) {
            return ids.length;
        }
        long n = 0;
        for (Encoded p : parts) {
            n += p.tokens();
        }
        return n;
    }

    /** The sequences this row contributes to a model call: its parts, or itself. */
    public List<Encoded> sequenceList() {
        return parts.isEmpty() ? List.of(this) : parts;
    }

    public boolean hasOffsets() {
        return charStarts != null;
    }
}
