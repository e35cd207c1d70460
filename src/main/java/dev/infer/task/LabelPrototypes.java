package dev.infer.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot labels and the sentences that describe them. A label given alone ({@code positive}) is described by
 * the template ("I am positive about this product."); a label given with descriptions
 * ({@code positive=I love it|works great}) by those sentences, used as they are. A label's prototype is the
 * average of its sentences' vectors.
 *
 * @param labels       label names, in order
 * @param descriptions per label, its own sentences, or an empty list to use the template
 */
public record LabelPrototypes(List<String> labels, List<List<String>> descriptions) {

    public LabelPrototypes {
        labels = List.copyOf(labels);
        descriptions = descriptions.stream().map(List::copyOf).toList();
        if (labels.size() != descriptions.size()) {
            throw new IllegalArgumentException("one description list per label");
        }
    }

    /** Thrown for a bad --labels value or --labels-file; the message is one sentence for the user. */
    public static final class LabelSpecException extends dev.infer.io.InputException {
        public LabelSpecException(String message) {
            super(message);
        }
    }

    /** Parses {@code --labels}: {@code a,b,c} or {@code a=one|two,b=three} (mixed is fine). */
    public static LabelPrototypes parse(String value) {
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        for (String entry : value.split(",", -1)) {
            if (entry.isBlank()) {
                throw new LabelSpecException("{{labels}} '" + value + "' has an empty label (two commas in a row,"
                        + " or one at an end)");
            }
            add(byLabel, entry, "{{labels}}", "'" + value + "'", true);
        }
        return of(byLabel, "{{labels}}", "'" + value + "'");
    }

    /**
     * Reads {@code --labels-file}: one {@code label=description|description} (or a bare label) per line; a label
     * on several lines collects all their descriptions; blank lines and lines starting with # are skipped.
     * Commas are plain text here.
     */
    public static LabelPrototypes readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LabelSpecException("{{labels-file}} " + file + " does not exist");
        } catch (IOException e) {
            throw new LabelSpecException("{{labels-file}} " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, List<String>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (!line.isEmpty() && !line.startsWith("#")) {
                add(byLabel, line, "{{labels-file}} " + file + " line " + (i + 1), line, false);
            }
        }
        return of(byLabel, "{{labels-file}} " + file, "");
    }

    private static void add(Map<String, List<String>> byLabel, String entry, String where, String shown,
                            boolean oncePerLabel) {
        int eq = entry.indexOf('=');
        String label = (eq < 0 ? entry : entry.substring(0, eq)).strip();
        if (label.isEmpty()) {
            throw new LabelSpecException(where + " has a description without a label name: " + shown);
        }
        List<String> descriptions = new ArrayList<>();
        if (eq >= 0) {
            for (String d : entry.substring(eq + 1).split("\\|")) {
                if (!d.isBlank()) {
                    descriptions.add(d.strip());
                }
            }
            if (descriptions.isEmpty()) {
                throw new LabelSpecException(where + " gives label '" + label + "' an '=' but no description: "
                        + shown);
            }
        }
        List<String> known = byLabel.get(label);
        if (known != null) {
            if (oncePerLabel) {
                throw new LabelSpecException(where + " has label '" + label + "' twice: " + shown);
            }
            if (known.isEmpty() != descriptions.isEmpty()) {
                throw new LabelSpecException(where + " lists label '" + label
                        + "' both with and without descriptions");
            }
            known.addAll(descriptions);
        } else {
            byLabel.put(label, descriptions);
        }
    }

    private static LabelPrototypes of(Map<String, List<String>> byLabel, String where, String shown) {
        if (byLabel.size() < 2) {
            throw new LabelSpecException(where + " needs at least two labels" + (shown.isEmpty() ? "" : " (got "
                    + shown + ")"));
        }
        return new LabelPrototypes(new ArrayList<>(byLabel.keySet()), new ArrayList<>(byLabel.values()));
    }

    /** Plain labels, each described by the template. */
    public static LabelPrototypes plain(List<String> labels) {
        return new LabelPrototypes(labels, labels.stream().map(l -> List.<String>of()).toList());
    }

    /** The sentences that describe label {@code i}: its descriptions, or the template filled with its name. */
    public List<String> sentences(int i, String template) {
        List<String> own = descriptions.get(i);
        if (!own.isEmpty()) {
            return own;
        }
        String label = labels.get(i);
        return List.of(template.contains("{}") ? template.replace("{}", label) : template + " " + label);
    }

    /** Whether any label uses the template (else --template has nothing to do). */
    public boolean usesTemplate() {
        return descriptions.stream().anyMatch(List::isEmpty);
    }
}
