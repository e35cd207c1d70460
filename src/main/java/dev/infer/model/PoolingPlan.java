package dev.infer.model;

/**
 * How an embedding model's token vectors become a sentence vector.
 *
 * @param pooling     the pooling to use when the user asks for none; null when the folder's config asks for
 *                    one infer does not do (then --pooling is required)
 * @param source      where {@code pooling} came from ("1_Pooling/config.json", "default", ...), or, when
 *                    {@code pooling} is null, why the folder's config cannot be followed
 * @param tokenOutput the token-level output to pool, or null when the model has only sentence vectors
 * @param problem     why pooling token vectors would give other vectors than the model's own library, or null
 */
public record PoolingPlan(Pooling pooling, String source, String tokenOutput, String problem) {
    public static final PoolingPlan NONE = new PoolingPlan(null, "not an embedding model", null, null);

    /**
     * @param config      the folder's sentence-transformers files
     * @param tokenOutput the token-level output, or null
     * @param folder      how messages name the folder
     */
    static PoolingPlan of(PoolingConfig config, String tokenOutput, String folder) {
        String problem = null;
        if (!config.extraModules().isEmpty()) {
            // e.g. a Dense layer after pooling (LaBSE, distiluse): only a sentence_embedding export contains it.
            problem = folder + "/modules.json adds " + String.join(", ", config.extraModules())
                    + " after pooling, which the ONNX file's token vectors do not include; re-export it with"
                    + " 'optimum-cli export onnx --model NAME DIR', which gives sentence-transformers models a"
                    + " sentence_embedding output";
        }
        if (!config.present()) {
            return new PoolingPlan(Pooling.MEAN, "default (no pooling config)", tokenOutput, problem);
        }
        String source = config.pooling() != null ? config.file() : config.unsupportedReason();
        return new PoolingPlan(config.pooling(), source, tokenOutput, problem);
    }
}
