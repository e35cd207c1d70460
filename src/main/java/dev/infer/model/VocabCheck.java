package dev.infer.model;

import ai.onnxruntime.OrtException;
import java.util.List;
import java.util.Locale;

/**
 * Catches a tokenizer that does not belong to its model before any row runs.
 *
 * <p>Why: a token id past the model's embedding table either fails every row that contains it (ONNX
 * Runtime's Gather) or, with some kernels, reads another row of memory and returns wrong numbers in silence.
 * Two checks: config.json's vocab_size (cheap, clear), and one run with the tokenizer's largest id, which
 * also catches a config that does not describe the ONNX file.
 */
final class VocabCheck {
    private VocabCheck() {
    }

    static void againstConfig(TokenizerFacts tokenizer, Integer vocabSize, String tokenizerFile, String configFile) {
        if (vocabSize != null && tokenizer.vocabSize() > vocabSize) {
            throw new ModelException(tokenizerFile + " has " + tokenizer.vocabSize() + " token ids but " + configFile
                    + " gives the model only " + vocabSize + " (vocab_size), so the tokenizer does not belong to this model");
        }
    }

    /**
     * Runs the largest token id through the model.
     *
     * @return the shape of {@code output} for that one-token row (it tells how many logits a classifier has)
     */
    static long[] probe(ModelSession session, TokenizerFacts tokenizer, String output, String tokenizerFile) {
        long id = tokenizer.maxTokenId();
        Encoded row = new Encoded(new long[] {id}, new long[] {0}, false);
        try {
            return session.run(List.of(row), output, Cancellation.NONE, (data, shape) -> shape.clone());
        } catch (OrtException e) {
            if (isIndexError(e.getMessage())) {
                throw new ModelException(session.source() + " cannot look up token id " + id + " of " + tokenizerFile
                        + " (its embedding table is smaller), so the tokenizer does not belong to this model", e);
            }
            throw new ModelException(session.source() + " fails on a one-token test input: " + firstLine(e.getMessage()), e);
        }
    }

    /** ORT's Gather says "indices element out of data bounds, idx=... must be within the inclusive range ...". */
    static boolean isIndexError(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("gather") && (m.contains("out of") || m.contains("indices") || m.contains("idx"));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
