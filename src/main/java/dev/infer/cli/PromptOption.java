package dev.infer.cli;

import dev.infer.model.ModelInfo;
import picocli.CommandLine.Option;

/** {@code --prompt-name}: one of the prompts a model's card names, instead of its default prompt. */
public final class PromptOption {
    @Option(names = "--prompt-name", paramLabel = "NAME",
            description = "Put the model card's prompt NAME in front of every text (the prompts of"
                    + " config_sentence_transformers.json; e5-small: query, passage; see infer model inspect)."
                    + " Default: the card's default prompt, if it names one (e5-small: query). --prefix gives free"
                    + " text instead.")
    String promptName;

    /** Before the model loads: --prefix and --prompt-name both say what goes in front of every text. */
    void checkAlone(String prefix) {
        if (promptName != null && prefix != null) {
            throw new UsageException("--prefix and --prompt-name both say what goes in front of every text; give"
                    + " one of them");
        }
    }

    /**
     * The prefix a run uses: {@code --prefix} as given, else the named prompt's text, else {@code null} (the card's
     * default prompt).
     */
    String prefix(ModelInfo model, String prefix) {
        checkAlone(prefix);
        if (promptName == null) {
            return prefix;
        }
        return model.card().prompt(promptName).orElseThrow(() -> new UsageException(model.card().prompts().isEmpty()
                ? "--prompt-name " + promptName + ": " + model.name() + " has no named prompts (use --prefix TEXT)"
                : "--prompt-name " + promptName + " is not a prompt of " + model.name() + " (its prompts: "
                        + model.card().promptNames() + ")"));
    }
}
