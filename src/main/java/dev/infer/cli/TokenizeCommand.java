package dev.infer.cli;

import dev.infer.task.TaskFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tokenize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Adds the number of tokens of every row ('tokens', special tokens included, never cut) and whether"
                    + " it exceeds --max-tokens ('truncated'), for budgeting prompts."
        },
        footer = {"", "Example:", "  infer tokenize --in prompts.csv --max-tokens 512 > counted.csv"})
final class TokenizeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin InputOptions input;
    @Mixin OutputOptions output;
    @Mixin ModelOptions model;

    @Option(names = "--max-tokens", paramLabel = "N",
            description = "Token budget per row. Default: the model's max length (256 for the default model).")
    Integer maxTokens;

    @Mixin RunSettings settings;

    @Override
    public Integer call() throws Exception {
        if (maxTokens != null && maxTokens < 1) {
            throw new UsageException("--max-tokens must be at least 1 (got " + maxTokens + ")");
        }
        return new JobRunner(spec, input, output, model, settings, spec.commandLine().getErr())
                .run(m -> TaskFactory.tokenize(m, maxTokens));
    }
}
