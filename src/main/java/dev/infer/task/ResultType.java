package dev.infer.task;

/**
 * What kind of value a result field holds, so that every consumer (the CSV/JSONL writers, the cache, serve's
 * JSON, Spark's columns) knows it from the schema rather than from the field's name. The Java value each
 * type travels as is fixed:
 */
public enum ResultType {
    /** {@code float[]}: an embedding. */
    VECTOR,
    /** {@code String}: a label, a piece of text. */
    TEXT,
    /** {@code Double}: a probability or similarity. */
    SCORE,
    /** {@code Integer}: a count. */
    COUNT,
    /** {@code Boolean}. */
    FLAG,
    /** {@code List<Map<String, Object>>} of {@code {"label": String, "score": Double}}, best first. */
    LABEL_SCORES,
    /** {@code Map<String, Double>}: every label's score, in label order. */
    SCORE_MAP,
    /** {@code List<String>}: for example the distinct labels found in a row. */
    TEXT_LIST,
    /**
     * {@code List<Map<String, Object>>} of spans in the row's text: {@code label} (String), {@code score}
     * (Double), {@code start} and {@code end} (Integer character offsets), {@code text} (String).
     */
    SPANS
}
