package dev.infer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tokenizer.json read as JSON before DJL sees it: for its vocabulary size and special tokens, and to
 * apply tokenizer_config.json's do_lower_case the way Transformers does.
 *
 * <p>Why the rewrite: Transformers' BERT-family fast tokenizers rebuild their BertNormalizer when
 * tokenizer_config.json's do_lower_case disagrees with tokenizer.json. DJL reads tokenizer.json only, so
 * without this a cased model saved with a lower-casing normalizer (or the reverse) would get other ids
 * than in Python.
 *
 * @param name  how messages name the file
 * @param bytes the JSON to hand to the tokenizer (possibly with the normalizer's lowercase switched)
 * @param extraLowerCase lower-case texts before tokenizing (do_lower_case asked for it and no
 *                       normalizer step does it)
 */
record TokenizerFile(String name, byte[] bytes, TokenizerFacts facts, boolean extraLowerCase) {

    /**
     * @param doLowerCase tokenizer_config.json's (or sentence_bert_config.json's) do_lower_case, or null
     */
    static TokenizerFile parse(byte[] bytes, String name, Boolean doLowerCase) {
        JsonNode root = JsonFiles.parse(bytes, name);
        if (!root.isObject() || !root.path("model").isObject()) {
            throw new ModelException(name + " is not a Hugging Face fast tokenizer (no \"model\" section)");
        }
        JsonNode normalizer = root.path("normalizer");
        boolean normalizerLowers = lowers(normalizer);
        boolean extraLowerCase = false;
        boolean lowerCase = normalizerLowers;
        if (doLowerCase != null && doLowerCase != normalizerLowers) {
            if (normalizer.path("type").asText().equals("BertNormalizer")) {
                ((ObjectNode) normalizer).put("lowercase", doLowerCase.booleanValue());
                bytes = write(root, name);
                lowerCase = doLowerCase;
            } else if (doLowerCase) {
                extraLowerCase = true;
                lowerCase = true;
            }
            // do_lower_case=false with a non-BERT lower-casing normalizer: Transformers keeps the normalizer too.
        }
        Map<Integer, String> special = new TreeMap<>();
        int maxId = vocabMaxId(root.path("model"), name);
        for (JsonNode t : root.path("added_tokens")) {
            int id = t.path("id").asInt(-1);
            maxId = Math.max(maxId, id);
            if (t.path("special").asBoolean(false)) {
                special.put(id, t.path("content").asText());
            }
        }
        if (maxId < 0) {
            throw new ModelException(name + " has an empty vocabulary");
        }
        String type = root.path("model").path("type").asText("unknown");
        TokenizerFacts facts = new TokenizerFacts(type, maxId + 1, lowerCase, special.values().stream().toList());
        return new TokenizerFile(name, bytes, facts, extraLowerCase);
    }

    /** A tokenizer.json whose facts are already known (an embedded model's): handed to the tokenizer as it is. */
    static TokenizerFile unparsed(byte[] bytes, String name, TokenizerFacts facts) {
        return new TokenizerFile(name, bytes, facts, false);
    }

    TextTokenizer open(int maxLength) {
        try {
            return TextTokenizer.load(() -> new ByteArrayInputStream(bytes), maxLength, extraLowerCase ? true : null);
        } catch (IOException | RuntimeException e) {
            throw new ModelException(name + " cannot be loaded as a tokenizer: " + firstLine(e.getMessage()), e);
        }
    }

    /** WordPiece/BPE/WordLevel keep a token → id map; Unigram a list of [piece, score] in id order. */
    private static int vocabMaxId(JsonNode model, String name) {
        JsonNode vocab = model.path("vocab");
        if (vocab.isArray()) {
            return vocab.size() - 1;
        }
        if (vocab.isObject()) {
            int max = -1;
            for (JsonNode id : vocab) {
                max = Math.max(max, id.asInt(-1));
            }
            return max;
        }
        throw new ModelException(name + " has no vocabulary (model.vocab is missing)");
    }

    /** Whether the normalizer (or a step of a Sequence) lower-cases. */
    private static boolean lowers(JsonNode normalizer) {
        String type = normalizer.path("type").asText("");
        return switch (type) {
            case "BertNormalizer" -> normalizer.path("lowercase").asBoolean(true);
            case "Lowercase" -> true;
            case "Sequence" -> {
                for (JsonNode n : normalizer.path("normalizers")) {
                    if (lowers(n)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    private static byte[] write(JsonNode root, String name) {
        try {
            return JsonFiles.mapper().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new ModelException(name + " cannot be re-encoded: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
