package dev.infer.model;

import java.util.List;

/**
 * What infer understood about a model: enough to choose a task and explain itself in
 * {@code infer model inspect}.
 *
 * @param name           how the model was named ("default" or the folder)
 * @param onnxFile       the ONNX file that was loaded
 * @param output         the output infer reads
 * @param outputKind     what that output holds
 * @param maxLength      tokens per row the model takes; longer rows are truncated
 * @param pooling        pooling for token-level outputs (from the folder's config, else mean)
 * @param poolingFromConfig whether {@code pooling} came from the model folder (then it is not overridden by default)
 * @param labels         class labels in logit order (empty for embedding models)
 * @param multiLabel     whether labels are independent (sigmoid) rather than exclusive (softmax)
 * @param batchSensitive whether a row's numbers change with its batch-mates (e.g. dynamically quantized models)
 */
public record ModelInfo(
        String name,
        String onnxFile,
        String output,
        OutputKind outputKind,
        int maxLength,
        Pooling pooling,
        boolean poolingFromConfig,
        List<String> labels,
        boolean multiLabel,
        boolean batchSensitive) {

    public ModelInfo {
        labels = List.copyOf(labels);
    }
}
