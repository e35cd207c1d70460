package dev.infer.job;

import dev.infer.model.ModelIdentity;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What shapes a job's output, for checking that a resume continues the same run and for the cache's scope.
 *
 * @param task    the task's name
 * @param model   what computes the values: the model's files' hashes
 * @param options every option that can shape the output, by neutral key, as text ("" when not given)
 * @param facts   what the options resolved to for the loaded model (rows per call, the model's identity,
 *                labels, max length, the prefixes the task resolved ...), by a few words each
 */
public record JobIdentity(String task, ModelIdentity model, Map<String, String> options, Map<String, String> facts) implements Serializable {
    public JobIdentity {
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        facts = java.util.Collections.unmodifiableMap(new TreeMap<>(facts));
    }

    /** One sorted map, the options' keys spelled by {@code optionName} (the CLI: {@code --labels}). */
    public Map<String, String> asMap(java.util.function.UnaryOperator<String> optionName) {
        Map<String, String> m = new TreeMap<>();
        options.forEach((k, v) -> m.put(optionName.apply(k), v));
        m.putAll(facts);
        return m;
    }
}
