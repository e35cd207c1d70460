package dev.infer.task;

import dev.infer.model.ModelInfo;
import java.io.PrintStream;
import java.util.List;

/** {@code tokenize}: token counts, for budgeting prompts. */
public final class TokenizeKind implements TaskKind {
    public static final OptionSpec<Integer> MAX_TOKENS = OptionSpec.atLeast("max-tokens", 1, "N",
            "Token budget per row. Default: the model's max length (256 for the default model).");

    public static final TokenizeKind INSTANCE = new TokenizeKind();

    private TokenizeKind() {
    }

    @Override
    public String name() {
        return "tokenize";
    }

    @Override
    public String summary() {
        return "Adds the number of tokens of every row ('tokens', special tokens included, never cut) and whether"
                + " it exceeds --max-tokens ('truncated'), for budgeting prompts.";
    }

    @Override
    public List<String> details() {
        return List.of();
    }

    @Override
    public List<String> examples() {
        return List.of("infer tokenize --in prompts.csv --max-tokens 512 > counted.csv");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(MAX_TOKENS);
    }

    @Override
    public boolean accepts(ModelInfo model) {
        return true;
    }

    @Override
    public Prepared prepare(OptionValues values, PrintStream notes) {
        Integer maxTokens = values.get(MAX_TOKENS);
        return model -> TaskFactory.tokenize(model, maxTokens);
    }
}
