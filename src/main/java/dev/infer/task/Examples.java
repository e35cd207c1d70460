package dev.infer.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled texts to fit a few-shot head on, in file order.
 *
 * @param source how messages name the file
 */
public record Examples(String source, List<String> texts, List<String> labels) {

    public Examples {
        texts = List.copyOf(texts);
        labels = List.copyOf(labels);
        if (texts.size() != labels.size()) {
            throw new IllegalArgumentException("one label per text");
        }
    }

    /** Label names in order of first appearance. */
    public List<String> labelNames() {
        return new ArrayList<>(counts().keySet());
    }

    /** Examples per label, in order of first appearance. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String l : labels) {
            counts.merge(l, 1, Integer::sum);
        }
        return counts;
    }

    /** SHA-256 over every (text, label) pair in order (see {@link Fingerprint}). */
    public String fingerprint() {
        List<String> parts = new ArrayList<>(2 * texts.size());
        for (int i = 0; i < texts.size(); i++) {
            parts.add(texts.get(i));
            parts.add(labels.get(i));
        }
        return Fingerprint.of(parts);
    }
}
