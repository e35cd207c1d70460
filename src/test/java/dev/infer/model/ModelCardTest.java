package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.task.EmbedOptions;
import dev.infer.task.TaskFactory;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config_sentence_transformers.json's prompts, as sentence-transformers reads them, as fields of the loaded model. */
class ModelCardTest {
    @TempDir
    Path tmp;

    private Path folderWithCard(String card) throws Exception {
        Path dir = TinyModels.tokenEmbedder(tmp.resolve("m"), TinyModels.Options.defaults()).dir();
        Files.writeString(dir.resolve(ModelCard.FILE), card);
        return dir;
    }

    private static Model load(Path dir) {
        return ModelLoader.load(new ModelRef.Folder(dir, null), new SessionSettings(1, false), null);
    }

    @Test
    void aFolderCardsDefaultPromptGoesInFrontOfEveryText() throws Exception {
        Path dir = folderWithCard("{\"prompts\": {\"query\": \"query: \", \"passage\": \"passage: \"},"
                + " \"default_prompt_name\": \"query\", \"similarity_fn_name\": \"cosine\"}");
        try (Model m = load(dir)) {
            ModelCard card = m.info().card();
            assertEquals(List.of("query", "passage"), List.copyOf(card.prompts().keySet()), "the file's order");
            assertEquals("query: ", card.defaultPrompt());
            assertEquals(ModelCard.FILE, card.source());
            assertEquals(new TextPrefixes("query: ", "query: ", "query: "), EmbeddedModels.prefixesOf(m.info()));
            assertEquals("query: ", TaskFactory.embed(m, EmbedOptions.defaults()).identity().get("row prefix"));
            assertEquals("", TaskFactory.embed(m, new EmbedOptions(null, true, "")).identity().get("row prefix"),
                    "--prefix '' still means none");
        }
    }

    @Test
    void promptsWithoutADefaultPutNothingInFront() throws Exception {
        Path dir = folderWithCard("{\"prompts\": {\"query\": \"query: \"}, \"default_prompt_name\": null}");
        try (Model m = load(dir)) {
            assertEquals(Map.of("query", "query: "), m.info().card().prompts());
            assertEquals("", m.info().card().defaultPrompt());
            assertEquals("", TaskFactory.embed(m, EmbedOptions.defaults()).identity().get("row prefix"));
        }
    }

    @Test
    void aFolderWithoutACardAndTinyModelsEmptyCardHaveNoPrompts() throws Exception {
        Path dir = TinyModels.tokenEmbedder(tmp.resolve("plain"), TinyModels.Options.defaults()).dir();
        try (Model m = load(dir)) { // TinyModels writes prompts {} and default_prompt_name null
            assertEquals(Map.of(), m.info().card().prompts());
        }
        Files.delete(dir.resolve(ModelCard.FILE));
        try (Model m = load(dir)) {
            assertEquals("no " + ModelCard.FILE, m.info().card().source());
        }
    }

    @Test
    void aBrokenCardIsOneSentenceNamingTheFile() throws Exception {
        Path dir = folderWithCard("{\"prompts\": {\"query\": \"query: \"}, \"default_prompt_name\": \"passage\"}");
        ModelException e = assertThrows(ModelException.class, () -> load(dir));
        assertEquals(dir.resolve(ModelCard.FILE) + " has default_prompt_name 'passage', which is not one of its"
                + " prompts (query)", e.getMessage());
        Files.writeString(dir.resolve(ModelCard.FILE), "{\"prompts\": [\"query: \"]}");
        assertTrue(assertThrows(ModelException.class, () -> load(dir)).getMessage()
                .endsWith("has 'prompts' that is not an object of name → prompt text"));
        Files.writeString(dir.resolve(ModelCard.FILE), "{\"prompts\": {\"query\": 7}}");
        assertTrue(assertThrows(ModelException.class, () -> load(dir)).getMessage()
                .endsWith("has a prompt 'query' that is not a string"));
    }

    @Test
    void aPoolingThatLeavesPromptsOutRefusesEveryPrefix() throws Exception {
        Path dir = folderWithCard("{\"prompts\": {\"query\": \"query: \"}}");
        Path pooling = dir.resolve("1_Pooling/config.json");
        String config = Files.readString(pooling).replaceAll("\"include_prompt\"\\s*:\\s*true", "\"include_prompt\": false");
        assertTrue(config.contains("\"include_prompt\": false"), config);
        Files.writeString(pooling, config);
        try (Model m = load(dir)) {
            assertEquals(false, m.info().card().poolingIncludesPrompt());
            TaskFactory.embed(m, EmbedOptions.defaults()); // no prompt: nothing to leave out
            ModelException e = assertThrows(ModelException.class,
                    () -> TaskFactory.embed(m, new EmbedOptions(null, true, "query: ")));
            assertEquals(dir + "'s pooling config leaves a prompt's tokens out of pooling (include_prompt: false),"
                    + " which infer does not do, so it cannot embed with the prefix 'query: '", e.getMessage());
        }
    }

    @Test
    void theEmbeddedE5sCardIsRecordedWithItsTwoPrompts() {
        ModelCard e5 = EmbeddedModels.E5_SMALL.card();
        assertEquals(Map.of("query", "query: ", "passage", "passage: "), e5.prompts());
        assertEquals("query", e5.defaultPromptName());
        assertEquals(new TextPrefixes("query: ", "query: ", "query: "), EmbeddedModels.E5_SMALL.prefixes());
        assertEquals(TextPrefixes.NONE, EmbeddedModels.MINILM.prefixes());
    }
}
