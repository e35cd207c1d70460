package dev.infer.serve;

import java.util.List;

/**
 * One request body, read and checked against its route's schema by {@link RequestReader}. Fields a route
 * does not take stay at their defaults (null: not given).
 *
 * @param texts             the inputs, each checked (non-empty, valid Unicode) and cut to the character budget
 * @param single            the inputs were one bare string (answers then drop a level where TEI does)
 * @param pairs             {@code /predict} inputs given as pairs of texts (not served: no pair models yet)
 * @param normalize         {@code /embed}'s {@code normalize}
 * @param dimensions        keep the first N dimensions, re-normalized
 * @param base64            {@code encoding_format: "base64"}: little-endian float32 bytes
 * @param rawScores         {@code /predict}'s {@code raw_scores}
 * @param topK              labels to answer per input (null: all)
 * @param candidateLabels   zero-shot labels for this request (null: the server's)
 * @param hypothesisTemplate zero-shot template for this request (null: the server's)
 * @param addSpecialTokens  {@code /tokenize}'s {@code add_special_tokens}
 * @param ids               {@code /decode}'s token ids, one list per text
 * @param skipSpecialTokens {@code /decode}'s {@code skip_special_tokens}
 * @param sourceSentence    {@code /similarity}'s {@code source_sentence}
 * @param promptName        TEI's {@code prompt_name} (one of the model's prompts), or null for the server's prefix
 */
record ApiRequest(List<String> texts, boolean single, boolean pairs, boolean normalize, Integer dimensions,
                  boolean base64, boolean rawScores, Integer topK, List<String> candidateLabels,
                  String hypothesisTemplate, boolean addSpecialTokens, List<long[]> ids, boolean skipSpecialTokens,
                  String sourceSentence, String promptName) {
}
