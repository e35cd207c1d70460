package dev.infer.cli;

import dev.infer.model.Pooling;
import dev.infer.task.EmbedOptions;
import dev.infer.task.TaskFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Adds a sentence embedding to every row, in field 'embedding' (a JSON array of floats).",
            "Pooling as the model folder's sentence-transformers config says (mean for the default model), over"
                    + " the real tokens only, then L2 normalization. A folder whose ONNX file outputs"
                    + " 'sentence_embedding' is used as is (still L2-normalized unless --no-normalize)."
        },
        footer = {"", "Example:", "  infer embed --in docs.jsonl --out vectors.jsonl"})
final class EmbedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin InputOptions input;
    @Mixin OutputOptions output;
    @Mixin ModelOptions model;

    @Option(names = "--pooling", paramLabel = "MODE",
            description = "How token vectors become one vector: mean, cls or max. Default: the model folder's"
                    + " pooling config (1_Pooling/config.json), else mean. Given explicitly, it pools the model's"
                    + " token vectors even when the model also outputs sentence vectors.")
    String pooling;

    @Option(names = "--no-normalize", description = "Keep the pooled vector's length (default: unit length).")
    boolean noNormalize;

    @Option(names = "--prefix", paramLabel = "TEXT",
            description = "Put TEXT in front of every text before embedding. Default: the model card's default"
                    + " prompt (e5-small: 'query: '; use 'passage: ' or --prompt-name passage for documents you will"
                    + " search with queries; minilm and models whose card names none: none). '' for none.")
    String prefix;

    @Mixin PromptOption prompt;

    @Option(names = "--dimensions", paramLabel = "N",
            description = "Keep the first N dimensions of each vector, re-normalized (for Matryoshka-trained models;"
                    + " as OpenAI's and TEI's 'dimensions'). Default: all.")
    Integer dimensions;

    @Mixin RunSettings settings;

    @Override
    public Integer call() throws Exception {
        Pooling requested = pooling == null ? null : PoolingOption.parse(pooling);
        prompt.checkAlone(prefix);
        new EmbedOptions(requested, !noNormalize, prefix, dimensions); // its values fail before a model loads
        return new JobRunner(spec, input, output, model, settings, spec.commandLine().getErr())
                .run(m -> TaskFactory.embed(m, new EmbedOptions(requested, !noNormalize, prompt.prefix(m.info(), prefix),
                        dimensions)));
    }
}
