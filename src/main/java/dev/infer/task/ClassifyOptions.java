package dev.infer.task;

import java.util.List;

/**
 * How to classify, front-end neutral; null means "not given" (the factory applies the default that
 * fits the model, and refuses options the model cannot use).
 *
 * @param labels      zero-shot labels (embedding models only)
 * @param template    zero-shot: turns a label into a sentence, {@code {}} is the label
 * @param temperature zero-shot softmax temperature
 * @param topK        add the K best labels (null or 0: no)
 * @param allScores   add every label's score
 * @param multiLabel  fine-tuned classifiers: score labels independently
 * @param threshold   multi-label: a label applies above this score
 */
public record ClassifyOptions(List<String> labels, String template, Double temperature, Integer topK,
                              boolean allScores, boolean multiLabel, Double threshold) {
    public static ClassifyOptions defaults() {
        return new ClassifyOptions(null, null, null, null, false, false, null);
    }
}
