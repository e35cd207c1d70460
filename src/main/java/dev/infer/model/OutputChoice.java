package dev.infer.model;

import java.util.List;
import java.util.Map;

/**
 * Which model output infer reads, found by the names Optimum and sentence-transformers exports use.
 *
 * @param output      the output infer reads by default
 * @param kind        what it holds
 * @param tokenOutput a token-level output to pool instead when the user asks for a pooling ({@code --pooling})
 *                    on a model whose default output is already a sentence vector; null if there is none
 */
public record OutputChoice(String output, OutputKind kind, String tokenOutput) {
    /** Token vectors: pool them. last_hidden_state (Transformers) before token_embeddings (sentence-transformers). */
    private static final List<String> TOKEN_OUTPUTS = List.of("last_hidden_state", "token_embeddings");

    static OutputChoice choose(Map<String, TensorSpec> outputs, String file) {
        if (outputs.containsKey("logits")) {
            TensorSpec logits = outputs.get("logits");
            if (logits.shape().length == 3) {
                throw new ModelException(file + " outputs one 'logits' vector per token (token classification,"
                        + " e.g. NER), which infer does not do; it classifies whole texts");
            }
            check(logits, 2, file);
            return new OutputChoice("logits", OutputKind.LOGITS, null);
        }
        String tokenOutput = first(outputs, TOKEN_OUTPUTS, 3, file);
        // A sentence-transformers export's sentence_embedding is exactly what the library computes (pooling,
        // Dense layers, normalization), so it beats pooling token vectors ourselves.
        if (outputs.containsKey("sentence_embedding")) {
            check(outputs.get("sentence_embedding"), 2, file);
            return new OutputChoice("sentence_embedding", OutputKind.SENTENCE_EMBEDDING, tokenOutput);
        }
        if (tokenOutput != null) {
            return new OutputChoice(tokenOutput, OutputKind.TOKEN_EMBEDDINGS, tokenOutput);
        }
        // pooler_output (BERT's CLS + dense + tanh) comes last: it was trained for next-sentence prediction, and a
        // folder that has it almost always has last_hidden_state too.
        if (outputs.containsKey("pooler_output")) {
            check(outputs.get("pooler_output"), 2, file);
            return new OutputChoice("pooler_output", OutputKind.SENTENCE_EMBEDDING, null);
        }
        throw new ModelException(file + " has no output infer can use (it has " + String.join(", ", outputs.keySet())
                + "; infer reads logits for classification, or last_hidden_state, token_embeddings,"
                + " sentence_embedding or pooler_output for embeddings)");
    }

    private static String first(Map<String, TensorSpec> outputs, List<String> names, int rank, String file) {
        for (String n : names) {
            if (outputs.containsKey(n)) {
                check(outputs.get(n), rank, file);
                return n;
            }
        }
        return null;
    }

    private static void check(TensorSpec spec, int rank, String file) {
        if (!spec.type().equals("float32")) {
            throw new ModelException(file + " output '" + spec.name() + "' is " + spec.type()
                    + ", but infer reads float32 outputs (pick a float32 or int8-quantized file with {{model-file}})");
        }
        if (spec.shape().length != rank) {
            throw new ModelException(file + " output '" + spec.name() + "' has shape " + spec.shapeText()
                    + ", expected " + rank + " dimensions");
        }
    }
}
