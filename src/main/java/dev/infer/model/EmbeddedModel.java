package dev.infer.model;

import java.util.List;

/**
 * A model shipped inside the infer jar, as resources of a Maven artifact (nothing is downloaded).
 *
 * @param name            the name {@code --model} takes ("minilm", "e5-small")
 * @param title           the model's own name (the Hugging Face id)
 * @param artifact        the Maven artifact whose resources hold it
 * @param onnxResource    the ONNX file's resource name (at the class path root)
 * @param tokenizerResource the tokenizer.json's resource name
 * @param maxLength       tokens per row (longer rows are truncated)
 * @param maxLengthSource where that limit comes from
 * @param positions       the model's position table: no cap may go beyond it
 * @param dimension       length of its vectors
 * @param poolingSource   where mean pooling comes from
 * @param languages       the languages it was trained for
 * @param license         the model's license
 * @param card            the prompts its model card asks for (the default one goes in front of every text)
 * @param defaultFor      the commands that use it when {@code --model} is not given
 * @param batchSensitive  what {@link BatchSensitivityProbe} answers for it, recorded so that no start pays for
 *                        the probe (EmbeddedModelFactsTest checks the probe still agrees)
 * @param tokenizerFacts  what its tokenizer.json holds, recorded so that no start parses that JSON in Java
 *                        (~0.1 CPU s; EmbeddedModelFactsTest checks a parse still finds the same)
 */
public record EmbeddedModel(String name, String title, String artifact, String onnxResource,
                            String tokenizerResource, int maxLength, String maxLengthSource, int positions,
                            int dimension, String poolingSource, String languages, String license,
                            ModelCard card, List<String> defaultFor,
                            boolean batchSensitive, TokenizerFacts tokenizerFacts) {

    public EmbeddedModel {
        defaultFor = List.copyOf(defaultFor);
    }

    /** The prefixes its card's default prompt means, for every front end. */
    public TextPrefixes prefixes() {
        return card.prefixes();
    }

    /** Bytes of the ONNX file in the jar, without reading it (-1 if the resource is missing). */
    public long onnxBytes() {
        var url = EmbeddedModel.class.getResource("/" + onnxResource);
        if (url == null) {
            return -1;
        }
        try {
            return url.openConnection().getContentLengthLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
