package dev.infer.task;

/**
 * What {@code infer classify} with an embedding model was asked for, independent of any command-line parser.
 * Null means "not given".
 *
 * @param labels         --labels: {@code a,b} or {@code a=desc|desc,b=desc}
 * @param labelsFile     --labels-file
 * @param template       --template
 * @param temperature    --temperature
 * @param prefix         --prefix: in front of every row (and every example)
 * @param labelPrefix    --label-prefix: in front of every zero-shot label sentence
 * @param examples       --examples FILE
 * @param exampleText    --example-text-column
 * @param exampleLabel   --example-label-column
 * @param head           --head FILE
 * @param saveHead       --save-head FILE
 * @param topK           --top-k, 0 for none
 * @param allScores      --all-scores
 */
public record EmbeddingClassifyOptions(String labels, String labelsFile, String template, Double temperature,
                                       String prefix, String labelPrefix, String examples, String exampleText,
                                       String exampleLabel, String head, String saveHead, int topK,
                                       boolean allScores) {
    public static final String DEFAULT_LABELS = "positive,negative";
    public static final String DEFAULT_EXAMPLE_TEXT = "text";
    public static final String DEFAULT_EXAMPLE_LABEL = "label";

    public boolean fewShot() {
        return examples != null || head != null;
    }

    /** The zero-shot-only options that were given, for "does not apply" messages. */
    String zeroShotOptionGiven() {
        if (labels != null) {
            return "--labels";
        }
        if (labelsFile != null) {
            return "--labels-file";
        }
        if (template != null) {
            return "--template";
        }
        if (temperature != null) {
            return "--temperature";
        }
        return labelPrefix != null ? "--label-prefix" : null;
    }
}
