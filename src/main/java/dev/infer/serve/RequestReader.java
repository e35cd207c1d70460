package dev.infer.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.infer.io.LoneSurrogates;
import dev.infer.io.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a request body against its route's schema with Jackson's streaming parser: no tree is built, an
 * unknown field is refused by name before its value is read, and every value is checked as it streams by.
 * So a body holds no memory beyond its own bytes and the texts it carries.
 *
 * <p>Strict as TEI is, and more: duplicate keys, trailing data, invalid UTF-8, lone surrogates and empty
 * texts are refused with one sentence (never the parser's own message). Concurrency: stateless after
 * construction; one instance serves every thread.
 */
final class RequestReader {
    /** What a route's body may hold. */
    enum Schema {
        EMBED("inputs", "normalize", "truncate", "truncation_direction", "prompt_name", "dimensions"),
        OPENAI("input", "model", "user", "encoding_format", "dimensions"),
        PREDICT("inputs", "truncate", "truncation_direction", "raw_scores", "top_k", "parameters"),
        /**
         * {@code POST /} on an embedding model: embeddings, or zero-shot classification when the body has
         * {@code parameters.candidate_labels} (on a classifier, {@code POST /} reads as {@link #PREDICT}).
         */
        ROOT("inputs", "normalize", "truncate", "truncation_direction", "prompt_name", "dimensions", "raw_scores",
                "top_k", "parameters"),
        TOKENIZE("inputs", "add_special_tokens", "prompt_name"),
        DECODE("ids", "skip_special_tokens"),
        SIMILARITY("inputs", "parameters"),
        /** A registry task's generic route ({@code POST /classify}): texts in, each text's result fields out. */
        TASK("inputs", "truncate", "truncation_direction");

        final Set<String> fields;

        Schema(String... fields) {
            this.fields = Set.of(fields);
        }

        String listed() {
            return String.join(", ", fields.stream().sorted().toList());
        }
    }

    /** TEI's budget: a text longer than this many characters per model token is cut before tokenizing. */
    static final int CHARS_PER_TOKEN = 250;
    private static final Set<String> PARAMETERS = Set.of("candidate_labels", "multi_label", "hypothesis_template",
            "top_k", "function_to_apply", "truncate", "truncation_direction", "prompt_name");

    private final JsonFactory factory;
    private final int maxInputs;
    private final int maxChars;
    private final int dimension;
    /** The prompt names {@code prompt_name} may give (the model card's), in the card's order. */
    private final Set<String> prompts;

    RequestReader(int maxInputs, int maxLength, int dimension) {
        this(maxInputs, maxLength, dimension, Set.of());
    }

    /**
     * @param maxInputs texts one request may carry ({@code --max-client-batch-size})
     * @param maxLength the model's max length in tokens: texts are cut to {@link #CHARS_PER_TOKEN} times it
     * @param dimension the model's embedding size, or -1 for classifiers
     * @param prompts   the prompt names the model's card gives, which {@code prompt_name} may name
     */
    RequestReader(int maxInputs, int maxLength, int dimension, Set<String> prompts) {
        this.prompts = prompts;
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
                .build();
        this.maxInputs = maxInputs;
        this.maxChars = (int) Math.min(Integer.MAX_VALUE, (long) maxLength * CHARS_PER_TOKEN);
        this.dimension = dimension;
    }

    /** Mutable while one body is read; becomes the {@link ApiRequest}. */
    private static final class Fields {
        List<String> texts;
        boolean single;
        boolean pairs;
        boolean normalize = true;
        Integer dimensions;
        boolean base64;
        boolean rawScores;
        Integer topK;
        List<String> candidateLabels;
        String hypothesisTemplate;
        boolean addSpecialTokens = true;
        List<long[]> ids;
        boolean skipSpecialTokens = true;
        String sourceSentence;
        String promptName;

        ApiRequest done() {
            return new ApiRequest(texts, single, pairs, normalize, dimensions, base64, rawScores, topK, candidateLabels,
                    hypothesisTemplate, addSpecialTokens, ids, skipSpecialTokens, sourceSentence, promptName);
        }
    }

    ApiRequest read(byte[] body, Schema schema) {
        if (body.length == 0) {
            throw ServeError.validation(400, "the request body is empty; send a JSON object");
        }
        boolean badUtf8 = Utf8.firstInvalid(body, 0, body.length) >= 0;
        Fields f = new Fields();
        Where where = new Where();
        try (JsonParser p = factory.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ServeError.validation(422, "the body must be a JSON object");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                where.field = name;
                if (!schema.fields.contains(name)) {
                    throw ServeError.validation(422, "unknown field '" + clip(name) + "' (this route takes: "
                            + schema.listed() + ")");
                }
                p.nextToken();
                field(p, name, schema, f, where);
            }
            where.field = null;
            if (p.nextToken() != null) {
                throw ServeError.validation(422, "the body has data after its JSON object");
            }
        } catch (ServeError e) {
            throw e;
        } catch (StreamConstraintsException e) {
            throw ServeError.validation(422, "the body nests deeper than this API ever needs");
        } catch (IOException e) {
            if (badUtf8 && where.input >= 0) {
                throw ServeError.validation(422, "input " + where.input + " is not valid UTF-8");
            }
            if (badUtf8) {
                throw ServeError.validation(422, "the body is not valid UTF-8");
            }
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate")) {
                throw ServeError.validation(422, "the body has a field twice (a duplicate key)");
            }
            throw ServeError.validation(422, "the body is not valid JSON"
                    + (where.field != null ? " (in field '" + clip(where.field) + "')" : ""));
        }
        if (f.texts == null && f.ids == null) {
            String name = schema == Schema.OPENAI ? "input" : schema == Schema.DECODE ? "ids" : "inputs";
            throw ServeError.validation(422, "the body needs '" + name + "'");
        }
        return f.done();
    }

    /** Where the reader is, for messages: the field and the input index being read. */
    private static final class Where {
        String field;
        int input = -1;
    }

    private void field(JsonParser p, String name, Schema schema, Fields f, Where where) throws IOException {
        switch (name) {
            case "inputs", "input" -> {
                if (schema == Schema.SIMILARITY) {
                    similarity(p, f, where);
                } else if (schema == Schema.PREDICT) {
                    predictInputs(p, name, f, where);
                } else {
                    texts(p, name, f, where);
                }
            }
            case "normalize" -> f.normalize = bool(p, name);
            case "truncate" -> truncate(p, name);
            case "truncation_direction" -> direction(p, name);
            case "prompt_name" -> f.promptName = promptName(p, name);
            case "dimensions" -> f.dimensions = dimensions(p);
            case "encoding_format" -> {
                String v = string(p, name, true);
                if (v != null && !v.equals("float") && !v.equals("base64")) {
                    throw ServeError.validation(422, "'encoding_format' must be \"float\" or \"base64\" (got \""
                            + clip(v) + "\")");
                }
                f.base64 = "base64".equals(v);
            }
            case "model", "user" -> string(p, name, true); // OpenAI clients send them; one model is served
            case "raw_scores" -> f.rawScores = bool(p, name);
            case "top_k" -> f.topK = topK(p, name);
            case "parameters" -> parameters(p, schema, f);
            case "add_special_tokens" -> f.addSpecialTokens = bool(p, name);
            case "skip_special_tokens" -> f.skipSpecialTokens = bool(p, name);
            case "ids" -> f.ids = ids(p);
            default -> throw new IllegalStateException("schema field without a reader: " + name);
        }
    }

    /** A string or a list of strings. */
    private void texts(JsonParser p, String name, Fields f, Where where) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            where.input = 0;
            f.texts = List.of(text(p, 0));
            f.single = true;
            where.input = -1;
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ServeError.validation(422, "'" + name + "' must be a string or a list of strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int i = texts.size();
            where.input = i;
            if (t != JsonToken.VALUE_STRING) {
                throw ServeError.validation(422, "input " + i + " of '" + name + "' is not a string"
                        + (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.START_ARRAY
                        ? " (token-id inputs are not served; send text)" : ""));
            }
            countOne(texts.size(), name);
            texts.add(text(p, i));
        }
        where.input = -1;
        empty(texts, name);
        f.texts = texts;
    }

    /** TEI's /predict forms: "a", ["a"], ["a", "b"] (a pair), [["a"], ["a", "b"], ...] (a batch). */
    private void predictInputs(JsonParser p, String name, Fields f, Where where) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            texts(p, name, f, where);
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ServeError.validation(422, "'" + name + "' must be a string, a pair [\"a\", \"b\"] or a batch"
                    + " [[\"a\"], [\"b\"], ...]");
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            throw new ServeError(400, "Empty", "'" + name + "' is empty; send at least one text");
        }
        if (first == JsonToken.VALUE_STRING) { // one sequence: a text, or a pair of texts
            where.input = 0;
            List<String> seq = new ArrayList<>(2);
            for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING || seq.size() == 2) {
                    throw ServeError.validation(422, "'" + name + "' as a list is one text [\"a\"] or a pair"
                            + " [\"a\", \"b\"]; for many texts send a batch [[\"a\"], [\"b\"], ...]");
                }
                seq.add(text(p, 0));
            }
            where.input = -1;
            f.texts = List.of(seq.get(0));
            f.single = true;
            f.pairs = seq.size() == 2;
            return;
        }
        List<String> texts = new ArrayList<>();
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int i = texts.size();
            where.input = i;
            if (t != JsonToken.START_ARRAY) {
                throw ServeError.validation(422, "input " + i + " of the batch '" + name + "' must be [\"text\"] or"
                        + " a pair [\"a\", \"b\"]");
            }
            countOne(i, name);
            int n = 0;
            for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken()) {
                if (s != JsonToken.VALUE_STRING || n == 2) {
                    throw ServeError.validation(422, "input " + i + " of the batch '" + name + "' must be [\"text\"]"
                            + " or a pair [\"a\", \"b\"]");
                }
                String text = text(p, i);
                if (n == 0) {
                    texts.add(text);
                }
                n++;
            }
            if (n == 0) {
                throw ServeError.validation(422, "input " + i + " of the batch '" + name + "' is an empty list");
            }
            f.pairs |= n == 2;
        }
        where.input = -1;
        f.texts = texts;
    }

    private void similarity(JsonParser p, Fields f, Where where) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ServeError.validation(422, "'inputs' must be {\"source_sentence\": \"...\", \"sentences\": [...]}");
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "source_sentence" -> {
                    if (p.currentToken() != JsonToken.VALUE_STRING) {
                        throw ServeError.validation(422, "'source_sentence' must be a string");
                    }
                    f.sourceSentence = text(p, -1);
                }
                case "sentences" -> {
                    texts(p, "sentences", f, where);
                    f.single = false;
                }
                default -> throw ServeError.validation(422, "unknown field 'inputs." + clip(name)
                        + "' (inputs takes: sentences, source_sentence)");
            }
        }
        if (f.sourceSentence == null || f.texts == null) {
            throw ServeError.validation(422, "'inputs' needs both 'source_sentence' and 'sentences'");
        }
    }

    private void parameters(JsonParser p, Schema schema, Fields f) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw ServeError.validation(422, "'parameters' must be an object");
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            boolean known = schema == Schema.SIMILARITY
                    ? Set.of("truncate", "truncation_direction", "prompt_name").contains(name) : PARAMETERS.contains(name);
            if (!known) {
                throw ServeError.validation(422, "unknown field 'parameters." + clip(name) + "'");
            }
            p.nextToken();
            String full = "parameters." + name;
            switch (name) {
                case "candidate_labels" -> f.candidateLabels = labels(p);
                case "multi_label" -> {
                    if (bool(p, full)) {
                        throw ServeError.validation(422, "'parameters.multi_label': true is not served; zero-shot"
                                + " labels here are exclusive (scores sum to 1)");
                    }
                }
                case "hypothesis_template" -> {
                    String v = string(p, full, true);
                    if (v != null && !v.contains("{}")) {
                        throw ServeError.validation(422, "'parameters.hypothesis_template' needs a {} for the label");
                    }
                    f.hypothesisTemplate = v;
                }
                case "top_k" -> f.topK = topK(p, full);
                case "function_to_apply" -> {
                    String v = string(p, full, true);
                    if ("none".equals(v)) {
                        f.rawScores = true;
                    } else if (v != null && !v.equals("softmax")) {
                        throw ServeError.validation(422, "'parameters.function_to_apply' can be \"softmax\" or \"none\""
                                + " here (got \"" + clip(v) + "\")");
                    }
                }
                case "truncate" -> truncate(p, full);
                case "truncation_direction" -> direction(p, full);
                case "prompt_name" -> f.promptName = promptName(p, full);
                default -> throw new IllegalStateException(name);
            }
        }
    }

    private static List<String> labels(JsonParser p) throws IOException {
        List<String> labels = new ArrayList<>();
        if (p.currentToken() == JsonToken.VALUE_STRING) { // the HF API also takes "a, b, c"
            for (String s : p.getText().split(",")) {
                if (!s.isBlank()) {
                    labels.add(s.strip());
                }
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_STRING || p.getText().isBlank()) {
                    throw ServeError.validation(422, "'parameters.candidate_labels' must hold non-empty strings");
                }
                if (labels.size() == 1000) {
                    throw ServeError.validation(422, "'parameters.candidate_labels' has more than 1000 labels");
                }
                labels.add(p.getText());
            }
        } else {
            throw ServeError.validation(422, "'parameters.candidate_labels' must be a list of strings");
        }
        if (labels.size() < 2) {
            throw ServeError.validation(422, "'parameters.candidate_labels' needs at least two labels");
        }
        if (labels.stream().distinct().count() != labels.size()) {
            throw ServeError.validation(422, "'parameters.candidate_labels' has a label twice");
        }
        for (String l : labels) {
            if (LoneSurrogates.firstLone(l) >= 0) {
                throw ServeError.validation(422, "'parameters.candidate_labels' holds a lone surrogate");
            }
        }
        return List.copyOf(labels);
    }

    private List<long[]> ids(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ServeError.validation(422, "'ids' must be a list of token ids or a list of such lists");
        }
        List<long[]> out = new ArrayList<>();
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            throw new ServeError(400, "Empty", "'ids' is empty");
        }
        if (first == JsonToken.VALUE_NUMBER_INT) {
            out.add(idList(p, first, 0));
            return out;
        }
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_ARRAY) {
                throw ServeError.validation(422, "'ids' item " + out.size() + " must be a list of token ids");
            }
            countOne(out.size(), "ids");
            out.add(idList(p, p.nextToken(), out.size()));
        }
        return out;
    }

    private static long[] idList(JsonParser p, JsonToken first, int index) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                throw ServeError.validation(422, "'ids' item " + index + " must hold only token ids (whole numbers"
                        + " from 0)");
            }
            if (ids.size() == 1_000_000) {
                throw ServeError.validation(422, "'ids' item " + index + " has more than 1,000,000 ids");
            }
            ids.add(p.getLongValue());
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** One input text: non-empty, valid Unicode, cut to the character budget. */
    private String text(JsonParser p, int index) throws IOException {
        String s = p.getText();
        String which = index >= 0 ? "input " + index : "'source_sentence'";
        if (s.isEmpty()) {
            throw ServeError.validation(422, which + " is an empty string");
        }
        if (LoneSurrogates.firstLone(s) >= 0) {
            throw ServeError.validation(422, which + " holds a lone surrogate, which is not valid Unicode");
        }
        return cut(s);
    }

    /** TEI's order: cut to a character budget before tokenizing, so a 2 MB text never becomes 600k tokens. */
    String cut(String s) {
        if (s.length() <= maxChars || s.codePointCount(0, s.length()) <= maxChars) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, maxChars));
    }

    private void countOne(int already, String name) {
        if (already >= maxInputs) {
            throw ServeError.validation(413, "'" + name + "' has more than " + maxInputs + " items, the limit per"
                    + " request (--max-client-batch-size)");
        }
    }

    private static void empty(List<String> texts, String name) {
        if (texts.isEmpty()) {
            throw new ServeError(400, "Empty", "'" + name + "' is empty; send at least one text");
        }
    }

    private static boolean bool(JsonParser p, String name) {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw ServeError.validation(422, "'" + name + "' must be true or false");
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private static String string(JsonParser p, String name, boolean nullable) throws IOException {
        if (nullable && p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw ServeError.validation(422, "'" + name + "' must be a string");
        }
        return p.getText();
    }

    private static void truncate(JsonParser p, String name) {
        if (p.currentToken() != JsonToken.VALUE_NULL && !bool(p, name)) {
            throw ServeError.validation(422, "'" + name + "': false is not served; inputs are always cut to the"
                    + " model's max length (see /info max_input_length)");
        }
    }

    private static void direction(JsonParser p, String name) throws IOException {
        String v = string(p, name, true);
        if (v != null && !v.equalsIgnoreCase("right")) {
            throw ServeError.validation(422, "'" + name + "' can only be \"right\" here (inputs keep their start)");
        }
    }

    /** One of the model card's prompt names (TEI's prompt_name), or null. */
    private String promptName(JsonParser p, String name) throws IOException {
        String v = string(p, name, true);
        if (v != null && !prompts.contains(v)) {
            throw ServeError.validation(422, "'" + name + "' \"" + clip(v) + "\" is unknown: " + (prompts.isEmpty()
                    ? "this model has no named prompts (use --prefix)"
                    : "this model's prompts are " + String.join(", ", prompts)));
        }
        return v;
    }

    private Integer dimensions(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (dimension < 0) {
            throw ServeError.validation(422, "'dimensions' applies to embeddings; this model is a classifier");
        }
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1 || p.getLongValue() > dimension) {
            throw ServeError.validation(422, "'dimensions' must be a whole number from 1 to " + dimension
                    + ", the model's embedding size");
        }
        return p.getIntValue();
    }

    private static Integer topK(JsonParser p, String name) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 1
                || p.getLongValue() > Integer.MAX_VALUE) {
            throw ServeError.validation(422, "'" + name + "' must be a whole number of at least 1");
        }
        return p.getIntValue();
    }

    /** A field name or value quoted back, never the whole of a huge one. */
    private static String clip(String s) {
        return s == null ? "" : s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
