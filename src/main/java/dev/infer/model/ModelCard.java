package dev.infer.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a sentence-transformers model's card files ask for beyond the weights, as sentence-transformers reads them
 * ({@code SentenceTransformer._load_sbert_model} and {@code encode}): named prompts, the text put in front of a
 * text before it is embedded ({@code config_sentence_transformers.json}'s {@code prompts}), the prompt used when
 * none is named ({@code default_prompt_name}), and whether pooling counts a prompt's tokens
 * ({@code include_prompt} in the pooling config; false leaves them out, which infer does not do).
 *
 * @param prompts               prompt name → text, in the file's order
 * @param defaultPromptName     the prompt used when none is named, or {@code null}: none
 * @param source                where the prompts came from, for {@code model inspect}
 * @param poolingIncludesPrompt false when the pooling config says {@code "include_prompt": false}
 */
public record ModelCard(Map<String, String> prompts, String defaultPromptName, String source,
                        boolean poolingIncludesPrompt) {
    public static final String FILE = "config_sentence_transformers.json";
    public static final ModelCard NONE = new ModelCard(Map.of(), null, "no named prompts", true);

    public ModelCard {
        prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
        if (defaultPromptName != null && !prompts.containsKey(defaultPromptName)) {
            throw new IllegalArgumentException("default prompt " + defaultPromptName + " is not among " + prompts);
        }
    }

    /**
     * Reads {@value #FILE} from a model folder (absent: no prompts), as sentence-transformers does: a
     * {@code default_prompt_name} that names no prompt is an error there too.
     */
    static ModelCard read(Path dir, PoolingConfig pooling) {
        Path file = dir.resolve(FILE);
        JsonNode json = JsonFiles.readIfExists(file);
        boolean includePrompt = pooling.includePrompt();
        if (json == null) {
            return new ModelCard(Map.of(), null, "no " + FILE, includePrompt);
        }
        if (!json.isObject()) {
            throw new ModelException(file + " should hold a JSON object");
        }
        Map<String, String> prompts = new LinkedHashMap<>();
        JsonNode p = json.get("prompts");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new ModelException(file + " has 'prompts' that is not an object of name → prompt text");
            }
            var fields = p.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                if (!e.getValue().isTextual()) {
                    throw new ModelException(file + " has a prompt '" + e.getKey() + "' that is not a string");
                }
                prompts.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode d = json.get("default_prompt_name");
        String defaultName = null;
        if (d != null && !d.isNull()) {
            if (!d.isTextual()) {
                throw new ModelException(file + " has a default_prompt_name that is not a string: " + d);
            }
            defaultName = d.asText();
            if (!prompts.containsKey(defaultName)) {
                throw new ModelException(file + " has default_prompt_name '" + defaultName
                        + "', which is not one of its prompts (" + names(prompts) + ")");
            }
        }
        return new ModelCard(prompts, defaultName, FILE, includePrompt);
    }

    /** The text a run puts in front of every text when no prompt or prefix is asked for ("" for none). */
    public String defaultPrompt() {
        return defaultPromptName == null ? "" : prompts.get(defaultPromptName);
    }

    /** The prefixes every front end uses by default: the default prompt, for rows and label sentences alike. */
    public TextPrefixes prefixes() {
        String d = defaultPrompt();
        return d.isEmpty() ? TextPrefixes.NONE : new TextPrefixes(d, d, d);
    }

    /** A named prompt's text, if the card has that name. */
    public Optional<String> prompt(String name) {
        return Optional.ofNullable(prompts.get(name));
    }

    /** The prompt names, comma-separated, for messages ("none" when there are none). */
    public String promptNames() {
        return names(prompts);
    }

    /**
     * This card where it says nothing, {@code fallback} (infer's record of a known model's card): its prompts when
     * this one has none, and its default when this one has none that the prompts hold.
     */
    ModelCard orElse(ModelCard fallback, String fallbackSource) {
        if (!prompts.isEmpty() && defaultPromptName != null) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(prompts.isEmpty() ? fallback.prompts : prompts);
        String def = defaultPromptName != null ? defaultPromptName
                : fallback.defaultPromptName != null && merged.containsKey(fallback.defaultPromptName)
                        ? fallback.defaultPromptName : null;
        if (merged.equals(prompts) && java.util.Objects.equals(def, defaultPromptName)) {
            return this;
        }
        return new ModelCard(merged, def, fallbackSource, poolingIncludesPrompt);
    }

    private static String names(Map<String, String> prompts) {
        return prompts.isEmpty() ? "none" : String.join(", ", prompts.keySet());
    }
}
