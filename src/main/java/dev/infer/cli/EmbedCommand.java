package dev.infer.cli;

import dev.infer.model.Pooling;
import dev.infer.task.EmbedTask;
import dev.infer.task.Embedder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Adds a sentence embedding to every row, in field 'embedding' (a JSON array of floats).",
            "Mean pooling over the real tokens and L2 normalization by default."
        },
        footer = {"", "Example:", "  infer embed --in docs.jsonl --out vectors.jsonl"})
final class EmbedCommand implements Callable<Integer> {
    @Mixin InputOptions input;
    @Mixin OutputOptions output;
    @Mixin ModelOptions model;

    @Option(names = "--pooling", paramLabel = "MODE",
            description = "How token vectors become one vector: mean, cls or max. Default: the model folder's"
                    + " pooling config, else mean.")
    String pooling;

    @Option(names = "--no-normalize", description = "Keep the pooled vector's length (default: unit length).")
    boolean noNormalize;

    @Mixin RunSettings settings;

    @Override
    public Integer call() throws Exception {
        Pooling requested = pooling == null ? null : PoolingOption.parse(pooling);
        return new JobRunner("embed", input, output, model, settings, System.err).run(m -> {
            Pooling mode = requested != null ? requested : m.info().pooling();
            return new EmbedTask(new Embedder(m, mode, !noNormalize));
        });
    }
}
