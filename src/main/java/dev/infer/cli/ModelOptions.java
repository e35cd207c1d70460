package dev.infer.cli;

import picocli.CommandLine.Option;

/** Which model to load. */
public final class ModelOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "DIR", defaultValue = "default",
            description = "'default' (the embedded all-MiniLM-L6-v2, int8) or a folder with an exported"
                    + " ONNX model and its tokenizer.json. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--model-file", paramLabel = "NAME",
            description = "ONNX file to use inside the model folder (e.g. model.onnx or onnx/model_quantized.onnx)."
                    + " Default: a quantized file when present, else model.onnx.")
    String modelFile;
}
