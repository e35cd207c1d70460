package dev.infer.model;

/**
 * What infer understood about a model: enough to choose a task and explain itself in
 * {@code infer model inspect}.
 *
 * @param name           how the model was named ("default" or the folder)
 * @param onnxFile       the ONNX file that was loaded (relative to the folder)
 * @param output         the output infer reads by default
 * @param outputKind     what that output holds
 * @param maxLength      tokens per row the model takes; longer rows are truncated
 * @param batchSensitive whether a row's numbers change with its batch-mates (e.g. dynamically quantized models)
 * @param pooling        how token vectors become sentence vectors ({@link PoolingPlan#NONE} for classifiers)
 * @param labels         class labels and their scoring ({@link ClassLabels#NONE} for embedding models)
 * @param details        facts for {@code infer model inspect}
 */
public record ModelInfo(
        String name,
        String onnxFile,
        String output,
        OutputKind outputKind,
        int maxLength,
        boolean batchSensitive,
        PoolingPlan pooling,
        ClassLabels labels,
        ModelDetails details) {

    public boolean isClassifier() {
        return outputKind == OutputKind.LOGITS;
    }
}
