package dev.infer.model;

import java.util.List;

/**
 * What a tokenizer.json holds, for checks against the model and for {@code infer model inspect}.
 *
 * @param type          the tokenization model ("WordPiece", "BPE", "Unigram", "WordLevel")
 * @param vocabSize     number of token ids (largest id + 1, added tokens included)
 * @param lowerCase     whether texts are lower-cased before tokenizing (normalizer or tokenizer_config.json)
 * @param specialTokens special tokens in id order ("[CLS]", "[SEP]", ...)
 */
public record TokenizerFacts(String type, int vocabSize, boolean lowerCase, List<String> specialTokens) {

    public TokenizerFacts {
        specialTokens = List.copyOf(specialTokens);
    }

    /** The largest token id the tokenizer can produce. */
    public int maxTokenId() {
        return vocabSize - 1;
    }
}
