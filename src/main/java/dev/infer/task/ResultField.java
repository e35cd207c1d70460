package dev.infer.task;

/**
 * One field a task adds to every row.
 *
 * @param name the field's name in the output (a column, a JSON key)
 * @param type what its value is
 */
public record ResultField(String name, ResultType type) implements java.io.Serializable {
    public static final ResultField EMBEDDING = new ResultField("embedding", ResultType.VECTOR);
    public static final ResultField LABEL = new ResultField("label", ResultType.TEXT);
    public static final ResultField SCORE = new ResultField("score", ResultType.SCORE);
    public static final ResultField LABELS = new ResultField("labels", ResultType.LABEL_SCORES);
    public static final ResultField TOP_K = new ResultField("top_k", ResultType.LABEL_SCORES);
    public static final ResultField SCORES = new ResultField("scores", ResultType.SCORE_MAP);
    public static final ResultField TOKENS = new ResultField("tokens", ResultType.COUNT);
    public static final ResultField TRUNCATED = new ResultField("truncated", ResultType.FLAG);
}
