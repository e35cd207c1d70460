package dev.infer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A classifier's labels in logit order and how to score them.
 *
 * @param names      labels in logit order (empty for embedding models)
 * @param scoring    how logits become scores
 * @param multiLabel whether labels are independent (several may apply) rather than exclusive
 */
public record ClassLabels(List<String> names, Scoring scoring, boolean multiLabel) {
    public static final ClassLabels NONE = new ClassLabels(List.of(), Scoring.SOFTMAX, false);

    public ClassLabels {
        names = List.copyOf(names);
    }

    /**
     * The labels for {@code logits} outputs: config.json's id2label, else LABEL_0, LABEL_1, ... as Transformers
     * names them. Scoring follows Transformers' pipeline: regression → raw value; multi-label or a single
     * logit → sigmoid; otherwise softmax.
     */
    static ClassLabels of(FolderConfig config, int logits, String configFile, String onnxFile) {
        List<String> names = config.labels();
        if (!names.isEmpty() && names.size() != logits) {
            throw new ModelException(configFile + " names " + names.size() + " labels in id2label, but " + onnxFile
                    + " outputs " + logits + " logits per text");
        }
        if (names.isEmpty()) {
            List<String> generated = new ArrayList<>(logits);
            for (int i = 0; i < logits; i++) {
                generated.add("LABEL_" + i);
            }
            names = generated;
        }
        Scoring scoring;
        if (FolderConfig.REGRESSION.equals(config.problemType())) {
            scoring = Scoring.NONE;
        } else if (config.multiLabel() || logits == 1) {
            scoring = Scoring.SIGMOID;
        } else {
            scoring = Scoring.SOFTMAX;
        }
        return new ClassLabels(names, scoring, config.multiLabel());
    }

    /** The same labels scored independently ({@code --multi-label}). */
    public ClassLabels asMultiLabel() {
        return new ClassLabels(names, Scoring.SIGMOID, true);
    }

    /** The labels for a message: all of them, or the first five and how many more. */
    public String summary() {
        if (names.size() <= 6) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }
}
