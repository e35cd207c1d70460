package dev.infer.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pooling a sentence-transformers folder asks for (its Pooling module's config.json), and the
 * modules around it that infer cannot run.
 *
 * @param file         the pooling config, relative to the folder (e.g. "1_Pooling/config.json"), or null
 * @param modes        pooling modes switched on, in sentence-transformers' names ("mean_tokens", "cls_token", ...)
 * @param extraModules modules.json entries after the transformer that are neither Pooling nor Normalize
 *                     (e.g. Dense): a token-level ONNX output does not contain them
 * @param includePrompt the config's {@code include_prompt} (default true); false: sentence-transformers leaves a
 *                      prompt's tokens out of pooling (INSTRUCTOR-style models)
 */
public record PoolingConfig(String file, List<String> modes, List<String> extraModules, boolean includePrompt) {
    static final PoolingConfig NONE = new PoolingConfig(null, List.of(), List.of(), true);

    private static final String POOLING_TYPE = "sentence_transformers.models.Pooling";
    private static final List<String> HARMLESS_TYPES = List.of(
            "sentence_transformers.models.Transformer", POOLING_TYPE, "sentence_transformers.models.Normalize");

    public PoolingConfig {
        modes = List.copyOf(modes);
        extraModules = List.copyOf(extraModules);
    }

    /** Reads modules.json and the pooling module's config.json (default path 1_Pooling) when present. */
    static PoolingConfig read(Path dir) {
        String poolingPath = "1_Pooling";
        List<String> extra = new ArrayList<>();
        JsonNode modules = JsonFiles.readIfExists(dir.resolve("modules.json"));
        if (modules != null) {
            if (!modules.isArray()) {
                throw new ModelException(dir.resolve("modules.json") + " should be a JSON list of modules");
            }
            for (JsonNode m : modules) {
                String type = m.path("type").asText("");
                if (type.equals(POOLING_TYPE) && m.hasNonNull("path")) {
                    poolingPath = m.get("path").asText();
                } else if (!HARMLESS_TYPES.contains(type)) {
                    extra.add(type.substring(type.lastIndexOf('.') + 1));
                }
            }
        }
        String file = poolingPath.isEmpty() ? "config.json" : poolingPath + "/config.json";
        JsonNode config = poolingPath.isEmpty() ? null : JsonFiles.readIfExists(dir.resolve(file));
        if (config == null) {
            return new PoolingConfig(null, List.of(), extra, true);
        }
        return new PoolingConfig(file, modes(config, dir.resolve(file)), extra,
                config.path("include_prompt").asBoolean(true));
    }

    private static List<String> modes(JsonNode config, Path file) {
        if (!config.isObject()) {
            throw new ModelException(file + " should be a JSON object of pooling_mode_* switches");
        }
        List<String> modes = new ArrayList<>();
        // Older configs may name the mode in one string; saved ones use one boolean per mode.
        if (config.path("pooling_mode").isTextual()) {
            modes.add(normalizeModeName(config.get("pooling_mode").asText()));
        }
        config.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("pooling_mode_") && e.getValue().asBoolean(false)) {
                modes.add(e.getKey().substring("pooling_mode_".length()));
            }
        });
        return modes.stream().distinct().toList();
    }

    private static String normalizeModeName(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "mean" -> "mean_tokens";
            case "max" -> "max_tokens";
            case "cls" -> "cls_token";
            default -> mode.toLowerCase(Locale.ROOT);
        };
    }

    public boolean present() {
        return file != null;
    }

    /** The one supported pooling the config asks for, or null (absent, several at once, or one infer lacks). */
    public Pooling pooling() {
        if (modes.size() != 1) {
            return null;
        }
        return switch (modes.get(0)) {
            case "mean_tokens" -> Pooling.MEAN;
            case "cls_token" -> Pooling.CLS;
            case "max_tokens" -> Pooling.MAX;
            default -> null;
        };
    }

    /** Why infer cannot follow a present config, or null when it can (or there is none). */
    public String unsupportedReason() {
        if (!present() || pooling() != null) {
            return null;
        }
        if (modes.isEmpty()) {
            return file + " switches no pooling mode on";
        }
        if (modes.size() > 1) {
            return file + " concatenates several poolings (" + String.join(" + ", modes) + "), which infer does not do";
        }
        return file + " asks for " + modes.get(0) + " pooling, which infer does not do (it does mean, cls and max)";
    }
}
