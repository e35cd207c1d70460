package dev.infer.task;

import dev.infer.model.ModelInfo;

/**
 * {@code prompt-name}: one of the prompts a model's card names ({@link dev.infer.model.ModelCard}), put in front of
 * every text instead of the card's default prompt; {@code prefix} stays free text. Front-end neutral: errors are
 * {@link OptionException}s naming {@code prompt-name}.
 */
public final class Prompts {
    private Prompts() {
    }

    /** Before the model loads: both say what goes in front of every text. */
    public static void checkAlone(String prefix, String promptName) {
        if (promptName != null && prefix != null) {
            throw new OptionException(CommonOptions.PROMPT_NAME.key(), "prefix and {} both say what goes in front of"
                    + " every text; give one of them");
        }
    }

    /**
     * The prefix a task uses: {@code prefix} as given, else the named prompt's text, else {@code null} (the card's
     * default prompt).
     */
    public static String prefix(ModelInfo model, String prefix, String promptName) {
        checkAlone(prefix, promptName);
        if (promptName == null) {
            return prefix;
        }
        return model.card().prompt(promptName).orElseThrow(() -> new OptionException(CommonOptions.PROMPT_NAME.key(),
                model.card().prompts().isEmpty()
                        ? "{} " + promptName + ": " + model.name() + " has no named prompts (give the text itself as"
                                + " the prefix)"
                        : "{} " + promptName + " is not a prompt of " + model.name() + " (its prompts: "
                                + model.card().promptNames() + ")"));
    }
}
