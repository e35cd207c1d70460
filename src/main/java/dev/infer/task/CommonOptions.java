package dev.infer.task;

import dev.infer.model.Pooling;

/** Options more than one task takes: one declaration, shared. */
public final class CommonOptions {
    public static final OptionSpec<String> PREFIX = OptionSpec.text("prefix", "TEXT",
            "Put TEXT in front of every text (and every --examples text) before embedding. Default: what the"
                    + " model's card asks for (e5-small: 'query: '; use 'passage: ' for documents you will search"
                    + " with queries; minilm and model folders: none). '' for none.");

    public static final OptionSpec<Pooling> POOLING = OptionSpec.choice("pooling", Pooling.class, "MODE",
            "How token vectors become one vector: mean, cls or max. Default: the model folder's"
                    + " pooling config (1_Pooling/config.json), else mean. Given explicitly, it pools the model's"
                    + " token vectors even when the model also outputs sentence vectors.");

    private CommonOptions() {
    }
}
