package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing a model folder's JSON side files: max length precedence, pooling config, labels, broken files. */
class FolderConfigTest {
    @TempDir
    Path dir;

    private void write(String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, json);
    }

    // ------------------------------------------------------------------------------------ max length

    @Test
    void sentenceTransformersMaxSeqLengthComesFirst() throws IOException {
        write("config.json", "{\"max_position_embeddings\": 512}");
        write("tokenizer_config.json", "{\"model_max_length\": 512}");
        write("sentence_bert_config.json", "{\"max_seq_length\": 256, \"do_lower_case\": false}");
        assertEquals(new MaxLength(256, "sentence_bert_config.json max_seq_length"), FolderConfig.read(dir).maxLength());
    }

    @Test
    void thenTheTokenizersModelMaxLength() throws IOException {
        write("config.json", "{\"max_position_embeddings\": 512}");
        write("tokenizer_config.json", "{\"model_max_length\": 128}");
        assertEquals(new MaxLength(128, "tokenizer_config.json model_max_length"), FolderConfig.read(dir).maxLength());
    }

    @Test
    void transformersNoLimitSentinelIsIgnored() throws IOException {
        write("config.json", "{\"max_position_embeddings\": 384}");
        write("tokenizer_config.json", "{\"model_max_length\": 1000000000000000019884624838656}");
        assertEquals(new MaxLength(384, "config.json max_position_embeddings"), FolderConfig.read(dir).maxLength());
        write("tokenizer_config.json", "{\"model_max_length\": 1e30}");
        assertEquals(384, FolderConfig.read(dir).maxLength().value());
    }

    @Test
    void thenFiveHundredTwelve() throws IOException {
        assertEquals(new MaxLength(512, "default (no file sets a limit)"), FolderConfig.read(dir).maxLength());
        write("tokenizer_config.json", "{\"model_max_length\": 1e30}");
        assertEquals(512, FolderConfig.read(dir).maxLength().value());
    }

    @Test
    void neverMoreThanThePositionTable() throws IOException {
        write("config.json", "{\"max_position_embeddings\": 128}");
        write("sentence_bert_config.json", "{\"max_seq_length\": 512}");
        MaxLength m = FolderConfig.read(dir).maxLength();
        assertEquals(128, m.value());
        assertTrue(m.source().contains("capped by config.json max_position_embeddings"), m.source());
    }

    @Test
    void robertaLikeModelsLoseTwoPositionsToThePaddingOffset() throws IOException {
        write("config.json", "{\"model_type\": \"xlm-roberta\", \"max_position_embeddings\": 514}");
        assertEquals(512, FolderConfig.read(dir).maxLength().value());
        write("tokenizer_config.json", "{\"model_max_length\": 512}");
        assertEquals(new MaxLength(512, "tokenizer_config.json model_max_length"), FolderConfig.read(dir).maxLength());
    }

    // ------------------------------------------------------------------------------------ pooling

    @Test
    void poolingConfigAtTheDefaultPlace() throws IOException {
        write("1_Pooling/config.json", """
                {"word_embedding_dimension": 8, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false,
                 "pooling_mode_max_tokens": false, "pooling_mode_mean_sqrt_len_tokens": false}""");
        PoolingConfig p = FolderConfig.read(dir).pooling();
        assertEquals(Pooling.CLS, p.pooling());
        assertEquals("1_Pooling/config.json", p.file());
        assertNull(p.unsupportedReason());
    }

    @Test
    void modulesJsonSaysWhereThePoolingConfigIs() throws IOException {
        write("modules.json", """
                [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                 {"idx": 1, "name": "1", "path": "pool", "type": "sentence_transformers.models.Pooling"},
                 {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}]""");
        write("pool/config.json", "{\"pooling_mode_max_tokens\": true}");
        write("1_Pooling/config.json", "{\"pooling_mode_cls_token\": true}"); // not the one modules.json names
        PoolingConfig p = FolderConfig.read(dir).pooling();
        assertEquals(Pooling.MAX, p.pooling());
        assertEquals(List.of(), p.extraModules());
    }

    @Test
    void poolingInferCannotDoIsReportedNotGuessed() throws IOException {
        write("1_Pooling/config.json", "{\"pooling_mode_lasttoken\": true}");
        PoolingConfig p = FolderConfig.read(dir).pooling();
        assertNull(p.pooling());
        assertTrue(p.unsupportedReason().contains("lasttoken"), p.unsupportedReason());
        write("1_Pooling/config.json", "{\"pooling_mode_cls_token\": true, \"pooling_mode_mean_tokens\": true}");
        assertNull(FolderConfig.read(dir).pooling().pooling());
        assertTrue(FolderConfig.read(dir).pooling().unsupportedReason().contains("cls_token + mean_tokens"));
    }

    @Test
    void olderStringPoolingModeIsUnderstood() throws IOException {
        write("1_Pooling/config.json", "{\"pooling_mode\": \"mean\"}");
        assertEquals(Pooling.MEAN, FolderConfig.read(dir).pooling().pooling());
    }

    @Test
    void aDenseModuleAfterPoolingIsNoted() throws IOException {
        write("modules.json", """
                [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                 {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                 {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"}]""");
        write("1_Pooling/config.json", "{\"pooling_mode_mean_tokens\": true}");
        assertEquals(List.of("Dense"), FolderConfig.read(dir).pooling().extraModules());
        assertTrue(PoolingPlan.of(FolderConfig.read(dir).pooling(), "last_hidden_state", "m").problem()
                .contains("Dense"));
    }

    @Test
    void noPoolingConfigMeansMeanByDefault() {
        PoolingConfig p = FolderConfig.read(dir).pooling();
        assertFalse(p.present());
        PoolingPlan plan = PoolingPlan.of(p, "last_hidden_state", "m");
        assertEquals(Pooling.MEAN, plan.pooling());
        assertNull(plan.problem());
    }

    // ------------------------------------------------------------------------------------ labels

    @Test
    void id2labelIsOrderedByIntegerIdNotByKeyText() throws IOException {
        StringBuilder json = new StringBuilder("{\"id2label\": {");
        // written in text order: "0", "1", "10", "11", "2", ... as a careless sort would give
        String[] keys = {"0", "1", "10", "11", "2", "3", "4", "5", "6", "7", "8", "9"};
        for (int i = 0; i < keys.length; i++) {
            json.append(i > 0 ? "," : "").append('"').append(keys[i]).append("\": \"L").append(keys[i]).append('"');
        }
        write("config.json", json.append("}}").toString());
        assertEquals(List.of("L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9", "L10", "L11"),
                FolderConfig.read(dir).labels());
    }

    @Test
    void problemTypeAndMultiLabel() throws IOException {
        write("config.json", "{\"id2label\": {\"0\": \"toxic\", \"1\": \"insult\"}, \"problem_type\": \"multi_label_classification\"}");
        FolderConfig c = FolderConfig.read(dir);
        assertTrue(c.multiLabel());
        ClassLabels labels = ClassLabels.of(c, 2, "config.json", "model.onnx");
        assertEquals(Scoring.SIGMOID, labels.scoring());
        assertTrue(labels.multiLabel());
    }

    @Test
    void labelsWithoutId2labelAreNamedLikeTransformersDoes() {
        ClassLabels labels = ClassLabels.of(FolderConfig.read(dir), 3, "config.json", "model.onnx");
        assertEquals(List.of("LABEL_0", "LABEL_1", "LABEL_2"), labels.names());
        assertEquals(Scoring.SOFTMAX, labels.scoring());
        assertEquals(Scoring.SIGMOID, ClassLabels.of(FolderConfig.read(dir), 1, "c", "m").scoring(),
                "one logit: sigmoid, as the text-classification pipeline does");
    }

    @Test
    void labelCountMustMatchTheLogits() throws IOException {
        write("config.json", "{\"id2label\": {\"0\": \"a\", \"1\": \"b\", \"2\": \"c\"}}");
        ModelException e = assertThrows(ModelException.class,
                () -> ClassLabels.of(FolderConfig.read(dir), 2, "x/config.json", "x/model.onnx"));
        assertEquals("x/config.json names 3 labels in id2label, but x/model.onnx outputs 2 logits per text",
                e.getMessage());
    }

    @Test
    void id2labelWithAGapOrANonIntegerKeyIsAnError() throws IOException {
        write("config.json", "{\"id2label\": {\"0\": \"a\", \"2\": \"c\"}}");
        assertMessage("has no id2label entry for id 1", "config.json");
        write("config.json", "{\"id2label\": {\"zero\": \"a\"}}");
        assertMessage("not an integer id: 'zero'", "config.json");
    }

    // ------------------------------------------------------------------------------------ broken files

    @Test
    void malformedJsonNamesTheFileAndThePlace() throws IOException {
        write("config.json", "{\"id2label\": {\"0\": \"a\",}\n");
        ModelException e = assertThrows(ModelException.class, () -> FolderConfig.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("config.json") + " is not valid JSON at line 1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void wrongTypesNameTheFileAndTheKey() throws IOException {
        write("config.json", "{\"max_position_embeddings\": \"512\"}");
        assertMessage("max_position_embeddings that is not a positive whole number", "config.json");
        write("config.json", "[]");
        assertMessage("should hold a JSON object", "config.json");
        Files.delete(dir.resolve("config.json"));
        write("sentence_bert_config.json", "{\"max_seq_length\": -3}");
        assertMessage("max_seq_length that is not a positive whole number", "sentence_bert_config.json");
        Files.delete(dir.resolve("sentence_bert_config.json"));
        write("modules.json", "{}");
        assertMessage("should be a JSON list of modules", "modules.json");
    }

    private void assertMessage(String fragment, String file) {
        ModelException e = assertThrows(ModelException.class, () -> FolderConfig.read(dir));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve(file).toString()), e.getMessage());
    }
}
