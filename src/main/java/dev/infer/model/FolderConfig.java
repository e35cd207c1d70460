package dev.infer.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a model folder's JSON side files say: config.json, tokenizer_config.json, sentence_bert_config.json,
 * modules.json and the pooling config. Every file is optional; a file that is there but broken is an error.
 *
 * @param labels                class labels in id order, from config.json id2label (empty when absent)
 * @param problemType           config.json problem_type, or null
 * @param modelType             config.json model_type, or null
 * @param vocabSize             config.json vocab_size: rows of the model's embedding table, or null
 * @param maxPositionEmbeddings config.json max_position_embeddings, or null
 * @param modelMaxLength        tokenizer_config.json model_max_length, null when absent or a "no limit" sentinel
 * @param doLowerCase           do_lower_case from sentence_bert_config.json (when true) or tokenizer_config.json, or null
 * @param maxSeqLength          sentence_bert_config.json max_seq_length, or null
 * @param pooling               the sentence-transformers pooling config
 */
public record FolderConfig(List<String> labels, String problemType, String modelType, Integer vocabSize,
                           Integer maxPositionEmbeddings, Integer modelMaxLength, Boolean doLowerCase,
                           Integer maxSeqLength, PoolingConfig pooling) {

    public static final String MULTI_LABEL = "multi_label_classification";
    public static final String REGRESSION = "regression";

    /**
     * Transformers writes int(1e30) (and some repos 1e18 or so) to mean "no limit"; no real encoder takes a
     * million tokens.
     */
    static final long SENTINEL_ABOVE = 1_000_000;

    /**
     * Models whose position ids start after the padding index, so two of max_position_embeddings are
     * never usable for tokens (RoBERTa: 514 positions, 512 tokens).
     */
    private static final Set<String> OFFSET_POSITIONS = Set.of(
            "roberta", "xlm-roberta", "xlm-roberta-xl", "camembert", "mpnet", "longformer", "data2vec-text");

    public FolderConfig {
        labels = List.copyOf(labels);
    }

    public static FolderConfig read(Path dir) {
        Path configFile = dir.resolve("config.json");
        JsonNode config = object(JsonFiles.readIfExists(configFile), configFile);
        Path tokenizerConfigFile = dir.resolve("tokenizer_config.json");
        JsonNode tokenizerConfig = object(JsonFiles.readIfExists(tokenizerConfigFile), tokenizerConfigFile);
        Path stConfigFile = dir.resolve("sentence_bert_config.json");
        JsonNode stConfig = object(JsonFiles.readIfExists(stConfigFile), stConfigFile);

        List<String> labels = config == null ? List.of() : labels(config.get("id2label"), configFile);
        String problemType = config == null ? null : text(config, "problem_type", configFile);
        String modelType = config == null ? null : text(config, "model_type", configFile);
        Integer vocabSize = config == null ? null : positive(config, "vocab_size", configFile);
        Integer positions = config == null ? null : positive(config, "max_position_embeddings", configFile);
        Integer modelMaxLength = tokenizerConfig == null ? null : maxLength(tokenizerConfig, tokenizerConfigFile);
        Integer maxSeqLength = stConfig == null ? null : positive(stConfig, "max_seq_length", stConfigFile);
        Boolean doLowerCase = tokenizerConfig == null ? null : bool(tokenizerConfig, "do_lower_case", tokenizerConfigFile);
        if (stConfig != null && Boolean.TRUE.equals(bool(stConfig, "do_lower_case", stConfigFile))) {
            doLowerCase = true; // sentence-transformers lower-cases the text itself, whatever the tokenizer does
        }
        return new FolderConfig(labels, problemType, modelType, vocabSize, positions, modelMaxLength, doLowerCase,
                maxSeqLength, PoolingConfig.read(dir));
    }

    /** The max length by sentence-transformers' and Transformers' precedence; see {@link MaxLength#resolve}. */
    public MaxLength maxLength() {
        return MaxLength.resolve(maxSeqLength, modelMaxLength, usablePositions());
    }

    /** Positions the model can give tokens, or null when config.json does not say. */
    Integer usablePositions() {
        if (maxPositionEmbeddings == null) {
            return null;
        }
        int offset = modelType != null && OFFSET_POSITIONS.contains(modelType) ? 2 : 0;
        return Math.max(1, maxPositionEmbeddings - offset);
    }

    public boolean multiLabel() {
        return MULTI_LABEL.equals(problemType);
    }

    /**
     * id2label's labels ordered by their integer id (JSON keys are strings, so "10" must come after "9"),
     * which must run 0..n-1 like the logits they name.
     */
    static List<String> labels(JsonNode id2label, Path file) {
        if (id2label == null || id2label.isNull()) {
            return List.of();
        }
        if (!id2label.isObject()) {
            throw new ModelException(file + " has an id2label that is not an object of id → label");
        }
        Map<Integer, String> byId = new TreeMap<>();
        var fields = id2label.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            int id;
            try {
                id = Integer.parseInt(e.getKey().trim());
            } catch (NumberFormatException ex) {
                throw new ModelException(file + " has an id2label key that is not an integer id: '" + e.getKey() + "'");
            }
            if (!e.getValue().isTextual()) {
                throw new ModelException(file + " has an id2label entry " + id + " that is not a string label");
            }
            byId.put(id, e.getValue().asText());
        }
        List<String> labels = new ArrayList<>(byId.size());
        for (Map.Entry<Integer, String> e : byId.entrySet()) {
            if (e.getKey() != labels.size()) {
                throw new ModelException(file + " has no id2label entry for id " + labels.size()
                        + " (ids must run from 0 without gaps)");
            }
            labels.add(e.getValue());
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw new ModelException(file + " has the same label twice in id2label: " + labels);
        }
        return labels;
    }

    private static JsonNode object(JsonNode node, Path file) {
        if (node != null && !node.isObject()) {
            throw new ModelException(file + " should hold a JSON object");
        }
        return node;
    }

    private static String text(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ModelException(file + " has a " + key + " that is not a string: " + v);
        }
        return v.asText();
    }

    private static Boolean bool(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new ModelException(file + " has a " + key + " that is not true or false: " + v);
        }
        return v.asBoolean();
    }

    private static Integer positive(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new ModelException(file + " has a " + key + " that is not a positive whole number: " + v);
        }
        return v.asInt();
    }

    /** model_max_length, dropping Transformers' "no limit" sentinels (int(1e30), sometimes written as 1e+30). */
    private static Integer maxLength(JsonNode node, Path file) {
        JsonNode v = node.get("model_max_length");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < 1) {
            throw new ModelException(file + " has a model_max_length that is not a positive number: " + v);
        }
        if (v.asDouble() > SENTINEL_ABOVE) {
            return null;
        }
        return (int) v.asDouble();
    }
}
