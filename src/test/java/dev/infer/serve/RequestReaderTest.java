package dev.infer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
    private final RequestReader reader = new RequestReader(3, 4, 384); // 3 inputs, 4 tokens -> 1,000 characters

    private ApiRequest read(String body, RequestReader.Schema schema) {
        return reader.read(body.getBytes(StandardCharsets.UTF_8), schema);
    }

    private ServeError refused(String body, RequestReader.Schema schema) {
        return refused(body.getBytes(StandardCharsets.UTF_8), schema);
    }

    private ServeError refused(byte[] body, RequestReader.Schema schema) {
        return assertThrows(ServeError.class, () -> reader.read(body, schema));
    }

    @Test
    void readsEveryFieldOfTheEmbedAndOpenAiShapes() {
        ApiRequest embed = read("{\"inputs\": [\"a\", \"b\"], \"normalize\": false, \"dimensions\": 8, \"truncate\": true,"
                + " \"truncation_direction\": \"Right\", \"prompt_name\": null}", RequestReader.Schema.EMBED);
        assertEquals(List.of("a", "b"), embed.texts());
        assertFalse(embed.single());
        assertFalse(embed.normalize());
        assertEquals(8, embed.dimensions());
        ApiRequest openAi = read("{\"input\": \"a\", \"model\": \"m\", \"user\": \"u\", \"encoding_format\": \"base64\"}",
                RequestReader.Schema.OPENAI);
        assertTrue(openAi.single());
        assertTrue(openAi.base64());
        assertNull(openAi.dimensions());
    }

    @Test
    void promptNameIsOneOfTheModelCardsPromptsOr422NamingThem() {
        RequestReader e5 = new RequestReader(3, 4, 384, new java.util.LinkedHashSet<>(List.of("query", "passage")));
        ApiRequest q = e5.read("{\"inputs\": \"a\", \"prompt_name\": \"passage\"}".getBytes(StandardCharsets.UTF_8),
                RequestReader.Schema.EMBED);
        assertEquals("passage", q.promptName());
        assertEquals("passage", e5.read(("{\"inputs\": {\"source_sentence\": \"a\", \"sentences\": [\"b\"]},"
                + " \"parameters\": {\"prompt_name\": \"passage\"}}").getBytes(StandardCharsets.UTF_8),
                RequestReader.Schema.SIMILARITY).promptName());
        assertNull(e5.read("{\"inputs\": \"a\"}".getBytes(StandardCharsets.UTF_8), RequestReader.Schema.EMBED)
                .promptName());
        ServeError unknown = assertThrows(ServeError.class, () -> e5.read(
                "{\"inputs\": \"a\", \"prompt_name\": \"document\"}".getBytes(StandardCharsets.UTF_8),
                RequestReader.Schema.TOKENIZE));
        assertEquals(422, unknown.status);
        assertEquals("'prompt_name' \"document\" is unknown: this model's prompts are query, passage",
                unknown.getMessage());
        assertEquals("'prompt_name' \"query\" is unknown: this model has no named prompts (use --prefix)",
                refused("{\"inputs\": \"a\", \"prompt_name\": \"query\"}", RequestReader.Schema.EMBED).getMessage());
    }

    @Test
    void readsTeiPredictForms() {
        ApiRequest one = read("{\"inputs\": [\"a\"]}", RequestReader.Schema.PREDICT);
        assertEquals(List.of("a"), one.texts());
        assertTrue(one.single());
        assertFalse(one.pairs());
        assertTrue(read("{\"inputs\": [\"a\", \"b\"]}", RequestReader.Schema.PREDICT).pairs());
        ApiRequest batch = read("{\"inputs\": [[\"a\"], [\"b\"]], \"raw_scores\": true, \"top_k\": 1}",
                RequestReader.Schema.PREDICT);
        assertEquals(List.of("a", "b"), batch.texts());
        assertFalse(batch.single());
        assertTrue(batch.rawScores());
        assertEquals(1, batch.topK());
        assertTrue(read("{\"inputs\": [[\"a\"], [\"b\", \"c\"]]}", RequestReader.Schema.PREDICT).pairs());
        assertEquals(422, refused("{\"inputs\": [\"a\", \"b\", \"c\"]}", RequestReader.Schema.PREDICT).status);
        ApiRequest zeroShot = read("{\"inputs\": \"a\", \"parameters\": {\"candidate_labels\": \"x, y\","
                + " \"hypothesis_template\": \"It is {}.\", \"function_to_apply\": \"none\"}}", RequestReader.Schema.PREDICT);
        assertEquals(List.of("x", "y"), zeroShot.candidateLabels());
        assertEquals("It is {}.", zeroShot.hypothesisTemplate());
        assertTrue(zeroShot.rawScores());
    }

    @Test
    void refusesWhatTheSchemaDoesNotHoldInOneSentence() {
        assertEquals("unknown field 'x' (this route takes: dimensions, inputs, normalize, prompt_name, truncate,"
                + " truncation_direction)", refused("{\"inputs\": \"a\", \"x\": [{}]}", RequestReader.Schema.EMBED)
                .getMessage());
        assertEquals("the body has a field twice (a duplicate key)",
                refused("{\"inputs\": \"a\", \"inputs\": \"b\"}", RequestReader.Schema.EMBED).getMessage());
        assertEquals("the body has data after its JSON object",
                refused("{\"inputs\": \"a\"} []", RequestReader.Schema.EMBED).getMessage());
        assertEquals("input 1 is an empty string", refused("{\"inputs\": [\"a\", \"\"]}", RequestReader.Schema.EMBED)
                .getMessage());
        assertTrue(refused("{\"inputs\": [\"a\", \"\\udc00\"]}", RequestReader.Schema.EMBED).getMessage()
                .startsWith("input 1 holds a lone surrogate"));
        byte[] bad = "{\"inputs\": [\"a\", \"b\", \"c#\"]}".getBytes(StandardCharsets.US_ASCII);
        bad[bad.length - 4] = (byte) 0xC3; // a lead byte without its continuation
        assertEquals("input 2 is not valid UTF-8", refused(bad, RequestReader.Schema.EMBED).getMessage());
        assertEquals("the body is not valid JSON (in field 'inputs')",
                refused("{\"inputs\": [\"a\"", RequestReader.Schema.EMBED).getMessage());
        ServeError tooMany = refused("{\"inputs\": [\"a\", \"b\", \"c\", \"d\"]}", RequestReader.Schema.EMBED);
        assertEquals(413, tooMany.status);
        assertTrue(tooMany.getMessage().contains("--max-client-batch-size"), tooMany.getMessage());
        assertEquals(400, refused("{\"inputs\": []}", RequestReader.Schema.EMBED).status);
        assertEquals("Empty", refused("{\"inputs\": []}", RequestReader.Schema.EMBED).type);
        for (String dims : List.of("0", "385", "-1", "2.5", "\"8\"")) {
            assertEquals(422, refused("{\"inputs\": \"a\", \"dimensions\": " + dims + "}", RequestReader.Schema.EMBED)
                    .status, dims);
        }
        assertEquals(422, refused("[\"a\"]", RequestReader.Schema.EMBED).status);
        assertEquals(422, refused("{\"input\": [1, 2]}", RequestReader.Schema.OPENAI).status);
        assertEquals(422, refused("{\"inputs\": \"a\", \"truncate\": false}", RequestReader.Schema.EMBED).status);
    }

    @Test
    void cutsTextsToTheCharacterBudgetOnCodePoints() {
        String emoji = "\ud83d\ude00"; // one code point, two chars
        String text = emoji.repeat(1_500);
        ApiRequest r = read("{\"inputs\": \"" + text + "\"}", RequestReader.Schema.EMBED);
        assertEquals(1_000, r.texts().get(0).codePointCount(0, r.texts().get(0).length()));
        assertEquals("short", read("{\"inputs\": \"short\"}", RequestReader.Schema.EMBED).texts().get(0));
    }
}
