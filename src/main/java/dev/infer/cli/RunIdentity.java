package dev.infer.cli;

import dev.infer.model.ModelIdentity;
import dev.infer.model.ModelInfo;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Everything that shapes a run's output bytes, for checking that a resume continues the same run:
 * the command, every option except those that cannot change the output, and what they resolved to.
 */
final class RunIdentity {
    /** Options that change how the run goes, never what it writes (threads: outputs are identical by design). */
    private static final Set<String> NOT_SHAPING = Set.of(
            "--in", "--out", "--threads", "--queue", "--intra-op-threads", "--quiet", "--summary", "--errors",
            "--grace", "--resume", "--no-dedupe", "--cache", "--max-errors", "--batch-timeout", "--help", "--version");

    private RunIdentity() {
    }

    /**
     * The output-shaping options as the user typed them ({@code --labels a,b --template 'I am {}.'
     * --all-scores}), for people reading {@code cache stats}: flags bare, values shell-quoted when needed,
     * options left at their defaults left out.
     *
     * @param skip further options to leave out
     */
    static String typed(CommandSpec spec, java.util.Set<String> skip) {
        java.util.StringJoiner line = new java.util.StringJoiner(" ");
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (NOT_SHAPING.contains(name) || skip.contains(name) || o.originalStringValues().isEmpty()) {
                continue;
            }
            if (o.arity().max() == 0) {
                line.add(name);
            } else {
                for (String v : o.originalStringValues()) {
                    line.add(name + " " + shellQuoted(v));
                }
            }
        }
        return line.toString();
    }

    private static String shellQuoted(String v) {
        return !v.isEmpty() && v.matches("[A-Za-z0-9_.,:=/@%+-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
    }

    /**
     * @param identity what the model computes (its files' hashes): a swapped model.onnx is another run
     * @param task     what the task itself adds (a few-shot head's fingerprint, the prefixes it resolved)
     */
    static Map<String, String> of(CommandSpec spec, int rowsPerCall, ModelInfo model, ModelIdentity identity,
                                  Map<String, String> task) {
        Map<String, String> id = new TreeMap<>();
        id.put("command", spec.qualifiedName());
        for (OptionSpec o : spec.options()) {
            if (!NOT_SHAPING.contains(o.longestName())) {
                Object v = o.getValue();
                id.put(o.longestName(), v == null ? "" : String.valueOf(v));
            }
        }
        id.put("rows per model call", Integer.toString(rowsPerCall));
        id.put("model file", model.onnxFile());
        id.put("model identity", identity.digest());
        // A model folder's config can change between runs without any option changing.
        id.put("model labels", String.join(",", model.labels().names()));
        id.put("model max length", Integer.toString(model.maxLength()));
        id.put("model output", model.output());
        id.putAll(task);
        return id;
    }
}
