package dev.infer.cli;

import picocli.CommandLine.Option;

/** Which model to load. */
public final class ModelOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", defaultValue = "default",
            description = "An embedded model: 'minilm' (all-MiniLM-L6-v2, int8) or 'e5-small' (e5-small-v2, int8);"
                    + " 'default' (classify: e5-small; embed and tokenize: minilm; see infer model list); a hub"
                    + " model in the Hugging Face cache, ORG/NAME[@REVISION] (infer model pull fetches it; runs"
                    + " never use the network); or a Hugging Face model folder exported to ONNX (optimum-cli"
                    + " export onnx, or a Transformers.js repo): model.onnx at the top or under onnx/, with"
                    + " tokenizer.json and config.json. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--model-file", paramLabel = "NAME",
            description = "ONNX file to use inside the model folder or hub snapshot (e.g. model.onnx or"
                    + " onnx/model_quantized.onnx). Default: a quantized file (model_quantized.onnx, model_int8.onnx,"
                    + " model_uint8.onnx) when present, else model.onnx; a hub snapshot with several picks as"
                    + " infer model pull does.")
    String modelFile;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Cut rows at N tokens instead of the model's own max length (minilm 256, e5-small 512;"
                    + " an embedded model takes up to 512). Shorter is faster on long texts.")
    Integer maxLength;
}
