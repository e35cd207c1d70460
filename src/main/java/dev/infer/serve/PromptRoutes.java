package dev.infer.serve;

import dev.infer.model.Model;
import dev.infer.model.Pooling;
import dev.infer.task.EmbedOptions;
import dev.infer.task.TaskFactory;
import dev.infer.task.TaskInterceptor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * TEI's {@code prompt_name}: the embedding routes of each prompt the model's card names (one normalized, one raw), so
 * a request that names a prompt is embedded with that prompt in front instead of the server's default, as TEI and
 * sentence-transformers do. Built once at start; a model with no prompts (or whose pooling leaves prompts out,
 * which infer does not do) has none, and every name is then unknown.
 */
final class PromptRoutes {
    static final PromptRoutes NONE = new PromptRoutes(Map.of(), Map.of(), Map.of());

    private final Map<String, String> texts;
    private final Map<String, InferenceService.Route> normalized;
    private final Map<String, InferenceService.Route> raw;

    private PromptRoutes(Map<String, String> texts, Map<String, InferenceService.Route> normalized,
                         Map<String, InferenceService.Route> raw) {
        this.texts = texts;
        this.normalized = normalized;
        this.raw = raw;
    }

    /** @param pooling the server's --pooling, or null to follow the model */
    static PromptRoutes of(Model model, Pooling pooling, ServeSettings settings) {
        if (!model.info().outputKind().isEmbedding() || !model.info().card().poolingIncludesPrompt()) {
            return NONE;
        }
        Map<String, String> texts = new LinkedHashMap<>(model.info().card().prompts());
        Map<String, InferenceService.Route> normalized = new LinkedHashMap<>();
        Map<String, InferenceService.Route> raw = new LinkedHashMap<>();
        texts.forEach((name, text) -> {
            normalized.put(name, route(model, pooling, true, text, settings));
            raw.put(name, route(model, pooling, false, text, settings));
        });
        return new PromptRoutes(Map.copyOf(texts), normalized, raw);
    }

    private static InferenceService.Route route(Model model, Pooling pooling, boolean normalize, String text,
                                                ServeSettings settings) {
        return new InferenceService.Route("embed", InferenceService.runner(
                TaskInterceptor.wrapAll(TaskFactory.embed(model, new EmbedOptions(pooling, normalize, text))), settings));
    }

    /** The prompt names a request may give, in the card's order. */
    java.util.Set<String> names() {
        return normalized.keySet();
    }

    /** The route that embeds with the named prompt (a name {@link RequestReader} accepted). */
    InferenceService.Route embed(String name, boolean normalize) {
        return (normalize ? normalized : raw).get(name);
    }

    /** The named prompt's text, for {@code /tokenize}. */
    String text(String name) {
        return texts.get(name);
    }
}
