package dev.infer.cli;

import dev.infer.BuildInfo;
import picocli.CommandLine.Command;

@Command(
        name = "infer",
        mixinStandardHelpOptions = true,
        versionProvider = InferCommand.Version.class,
        description = {
            "Batch inference with transformer models on the CPU.",
            "Streams CSV, TSV or JSONL rows through a model and writes every row back, in input order,"
                    + " with the model's answer added."
        },
        subcommands = {EmbedCommand.class, ClassifyCommand.class, TokenizeCommand.class, ServeCommand.class,
            ModelCommand.class, CacheCommand.class},
        footer = {
            "",
            "Examples:",
            "  infer classify --in reviews.csv > labeled.csv",
            "  cat docs.jsonl | infer embed --format jsonl > vectors.jsonl",
            "  infer tokenize --in prompts.csv --max-tokens 512",
            "  infer embed --in today.csv --out vectors.jsonl --cache nightly.cache",
            "  infer serve --port 8080",
            "",
            "Exit codes: 0 ok, 1 failure, 2 usage error, 3 some rows failed, 130/143 stopped by SIGINT/SIGTERM."
        })
public final class InferCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a command is required (embed, classify, tokenize, serve, model or cache)");
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            return new String[] {
                "infer " + b.version(),
                "ONNX Runtime " + b.onnxRuntimeVersion() + ", DJL tokenizers " + b.djlVersion()
                        + ", Java " + System.getProperty("java.version")
            };
        }
    }
}
