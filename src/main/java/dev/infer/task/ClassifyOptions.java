package dev.infer.task;

import java.util.List;

/**
 * How to classify, front-end neutral; null means "not given" (the factory applies the default that
 * fits the model, and refuses options the model cannot use).
 *
 * @param labels       zero-shot labels (embedding models only): {@code a,b} or {@code a=desc|desc,b=desc}
 * @param labelsFile   zero-shot labels from a file, one {@code label=desc|desc} per line
 * @param template     zero-shot: turns a label into a sentence, {@code {}} is the label
 * @param temperature  zero-shot softmax temperature
 * @param prefix       put in front of every row (and every example) before embedding; null: the model's own
 * @param labelPrefix  zero-shot: put in front of every label sentence; null: the model's own
 * @param examples     few-shot: fit a head on this labelled examples file
 * @param exampleText  the examples' text column (null: {@value #DEFAULT_EXAMPLE_TEXT})
 * @param exampleLabel the examples' label column (null: {@value #DEFAULT_EXAMPLE_LABEL})
 * @param head         few-shot: a head saved earlier, used without refitting
 * @param saveHead     write the head fitted on {@code examples} here
 * @param topK         add the K best labels (null or 0: no)
 * @param allScores    add every label's score
 * @param multiLabel   fine-tuned classifiers: score labels independently
 * @param threshold    multi-label: a label applies above this score
 */
public record ClassifyOptions(String labels, String labelsFile, String template, Double temperature,
                              String prefix, String labelPrefix, String examples, String exampleText,
                              String exampleLabel, String head, String saveHead, Integer topK,
                              boolean allScores, boolean multiLabel, Double threshold) {
    public static final String DEFAULT_LABELS = "positive,negative";
    public static final String DEFAULT_EXAMPLE_TEXT = "text";
    public static final String DEFAULT_EXAMPLE_LABEL = "label";

    /** Zero-shot labels and the fine-tuned options only (what a server or a Spark job usually sets). */
    public ClassifyOptions(List<String> labels, String template, Double temperature, Integer topK,
                           boolean allScores, boolean multiLabel, Double threshold) {
        this(labels == null ? null : String.join(",", labels), null, template, temperature, null, null, null, null,
                null, null, null, topK, allScores, multiLabel, threshold);
    }

    public static ClassifyOptions defaults() {
        return new ClassifyOptions((List<String>) null, null, null, null, false, false, null);
    }

    /** The same options asking for the {@code k} best labels. */
    public ClassifyOptions withTopK(int k) {
        return new ClassifyOptions(labels, labelsFile, template, temperature, prefix, labelPrefix, examples,
                exampleText, exampleLabel, head, saveHead, k, allScores, multiLabel, threshold);
    }

    /** The same options with {@code prefix} in front of every row. */
    public ClassifyOptions withPrefix(String prefix) {
        return new ClassifyOptions(labels, labelsFile, template, temperature, prefix, labelPrefix, examples,
                exampleText, exampleLabel, head, saveHead, topK, allScores, multiLabel, threshold);
    }

    /** Few-shot: a head is fitted ({@code examples}) or loaded ({@code head}). */
    public boolean fewShot() {
        return examples != null || head != null;
    }

    int topKOrNone() {
        return topK != null ? topK : 0;
    }

    /** The first zero-shot-only option given (its neutral name), or null. */
    String zeroShotOptionGiven() {
        return labels != null ? "labels" : labelsFile != null ? "labels-file" : template != null ? "template"
                : temperature != null ? "temperature" : labelPrefix != null ? "label-prefix" : null;
    }

    /** The first option given that only embedding models can use (its neutral name), or null. */
    String embeddingOptionGiven() {
        String zeroShot = zeroShotOptionGiven();
        return zeroShot != null ? zeroShot : prefix != null ? "prefix" : examples != null ? "examples"
                : head != null ? "head" : null;
    }
}
