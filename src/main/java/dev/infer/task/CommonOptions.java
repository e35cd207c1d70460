package dev.infer.task;

import dev.infer.model.Pooling;

/** Options more than one task takes: one declaration, shared. */
public final class CommonOptions {
    public static final OptionSpec<String> PREFIX = OptionSpec.text("prefix", "TEXT",
            "Put TEXT in front of every text (and every --examples text) before embedding. Default: the model"
                    + " card's default prompt (e5-small: 'query: '; use 'passage: ' or --prompt-name passage for"
                    + " documents you will search with queries; minilm and models whose card names none: none)."
                    + " '' for none.");

    public static final OptionSpec<String> PROMPT_NAME = OptionSpec.text("prompt-name", "NAME",
            "Put the model card's prompt NAME in front of every text instead (the prompts of"
                    + " config_sentence_transformers.json; e5-small: query, passage; see infer model inspect)."
                    + " Default: the card's default prompt, if it names one (e5-small: query). --prefix gives free"
                    + " text instead.");

    public static final OptionSpec<Pooling> POOLING = OptionSpec.choice("pooling", Pooling.class, "MODE",
            "How token vectors become one vector: mean, cls or max. Default: the model folder's"
                    + " pooling config (1_Pooling/config.json), else mean. Given explicitly, it pools the model's"
                    + " token vectors even when the model also outputs sentence vectors.");

    private CommonOptions() {
    }
}
