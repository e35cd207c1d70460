package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.infer.testing.TinyModels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tokenizer.json facts and Transformers' do_lower_case handling. */
class TokenizerFileTest {
    private static byte[] bertUncased() throws IOException {
        try (InputStream in = TokenizerFileTest.class.getClassLoader().getResourceAsStream(TinyModels.TOKENIZER_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void factsOfABertTokenizer() throws IOException {
        TokenizerFile f = TokenizerFile.parse(bertUncased(), "tokenizer.json", null);
        assertEquals(new TokenizerFacts("WordPiece", TinyModels.BERT_VOCAB_SIZE, true,
                List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")), f.facts());
        assertFalse(f.extraLowerCase());
    }

    @Test
    void doLowerCaseFalseSwitchesOffTheBertNormalizersLowerCasingLikeTransformers() throws IOException {
        try (TextTokenizer asFile = TokenizerFile.parse(bertUncased(), "t", null).open(32);
             TextTokenizer cased = TokenizerFile.parse(bertUncased(), "t", false).open(32)) {
            assertArrayEquals(new long[] {101, 7592, 102}, asFile.encode("Hello").ids());
            assertArrayEquals(new long[] {101, 100, 102}, cased.encode("Hello").ids(), "uncased vocab: [UNK]");
        }
        assertFalse(TokenizerFile.parse(bertUncased(), "t", false).facts().lowerCase());
    }

    @Test
    void doLowerCaseTrueWithoutALowerCasingNormalizerLowerCasesTheText() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(bertUncased());
        root.putNull("normalizer");
        byte[] noNormalizer = mapper.writeValueAsBytes(root);
        TokenizerFile f = TokenizerFile.parse(noNormalizer, "t", true);
        assertTrue(f.extraLowerCase());
        try (TextTokenizer t = f.open(32); TextTokenizer raw = TokenizerFile.parse(noNormalizer, "t", null).open(32)) {
            assertArrayEquals(new long[] {101, 7592, 102}, t.encode("HELLO").ids());
            assertArrayEquals(new long[] {101, 100, 102}, raw.encode("HELLO").ids());
        }
    }

    @Test
    void notAFastTokenizer() {
        ModelException e = assertThrows(ModelException.class,
                () -> TokenizerFile.parse("{\"version\": \"1.0\"}".getBytes(StandardCharsets.UTF_8), "d/tokenizer.json", null));
        assertEquals("d/tokenizer.json is not a Hugging Face fast tokenizer (no \"model\" section)", e.getMessage());
    }
}
