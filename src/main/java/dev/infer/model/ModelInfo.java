package dev.infer.model;

/**
 * What infer understood about a model: enough to choose a task and explain itself in
 * {@code infer model inspect}.
 *
 * @param name           how the model was named (an embedded model's name, the folder, or the hub name)
 * @param onnxFile       the ONNX file that was loaded (relative to the folder)
 * @param output         the output infer reads by default
 * @param outputKind     what that output holds
 * @param maxLength      tokens per row the model takes; longer rows are truncated
 * @param batchSensitive whether a row's numbers change with its batch-mates (e.g. dynamically quantized models)
 * @param pooling        how token vectors become sentence vectors ({@link PoolingPlan#NONE} for classifiers)
 * @param labels         class labels and their scoring ({@link ClassLabels#NONE} for embedding models)
 * @param details        facts for {@code infer model inspect}
 * @param card           the prompts its card names and the one used by default ({@link ModelCard#NONE}: none)
 * @param hub            where a hub model lies in the Hugging Face cache, or {@code null} for other models
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
        ModelDetails details,
        ModelCard card,
        HubSnapshot hub) {

    public ModelInfo(String name, String onnxFile, String output, OutputKind outputKind, int maxLength,
                     boolean batchSensitive, PoolingPlan pooling, ClassLabels labels, ModelDetails details) {
        this(name, onnxFile, output, outputKind, maxLength, batchSensitive, pooling, labels, details, ModelCard.NONE,
                null);
    }

    /** The folder the model's files are read from: a hub model's snapshot, a model folder, or null when embedded. */
    public java.nio.file.Path folder() {
        if (hub != null) {
            return hub.dir();
        }
        return EmbeddedModels.of(this).isPresent() ? null : java.nio.file.Path.of(name);
    }

    /**
     * The same model, named by the hub name, with its card as read (or recorded) for it.
     *
     * @param onnxReason why its ONNX file was chosen, or null to keep the folder loader's reason
     */
    ModelInfo asHub(HubSnapshot snapshot, ModelCard hubCard, String onnxReason) {
        ModelDetails d = onnxReason == null ? details : new ModelDetails(onnxReason, details.onnxCandidates(),
                details.maxLengthSource(), details.tokenizer(), details.problemType(), details.fileSizes());
        return new ModelInfo(snapshot.display(), onnxFile, output, outputKind, maxLength, batchSensitive, pooling,
                labels, d, hubCard, snapshot);
    }

    public boolean isClassifier() {
        return outputKind == OutputKind.LOGITS;
    }
}
