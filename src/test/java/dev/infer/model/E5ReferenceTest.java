package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.infer.task.Embedder;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * infer's e5-small vectors against an independent computation: a bare ONNX Runtime session on the jar's resource,
 * DJL's tokenizer opened here with its own options, mean pooling and normalization written out below.
 */
class E5ReferenceTest {
    private static final List<String> TEXTS = List.of(
            "The battery died after two days.",
            "Absolutely love it, works great!",
            "Ça marche très bien, je recommande.",
            "word ".repeat(700)); // past 512 tokens: both sides must cut at 512

    @Test
    void vectorsMatchABareOrtSessionWithMeanPooling() throws Exception {
        try (Model model = ModelLoader.load("e5-small", null, new SessionSettings(1, false))) {
            assertEquals(512, model.info().maxLength());
            assertEquals("e5-small", model.info().name());
            Embedder embedder = new Embedder(model, null, true).withPrefix("query: ");
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (InputStream tok = resource("e5-small-v2-q-tokenizer.json");
                 HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tok,
                         Map.of("padding", "false", "truncation", "true", "maxLength", "512"));
                 OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 OrtSession session = env.createSession(resource("e5-small-v2-q.onnx").readAllBytes(), options)) {
                for (String text : TEXTS) {
                    float[] mine = embedder.embed(List.of(embedder.encode(text)), null)[0];
                    float[] reference = reference(env, session, tokenizer.encode("query: " + text));
                    double cos = cosine(mine, reference);
                    assertTrue(cos >= 0.999, "cosine " + cos + " for " + text.substring(0, Math.min(40, text.length())));
                    assertEquals(384, mine.length);
                }
            }
        }
    }

    private static float[] reference(OrtEnvironment env, OrtSession session, Encoding e) throws Exception {
        long[] ids = e.getIds();
        long[] mask = e.getAttentionMask();
        long[] types = e.getTypeIds();
        assertTrue(ids.length <= 512);
        long[] shape = {1, ids.length};
        try (OnnxTensor i = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), shape);
             OnnxTensor m = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(mask), shape);
             OnnxTensor t = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(types), shape);
             OrtSession.Result r = session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", t))) {
            OnnxTensor hidden = (OnnxTensor) r.get("last_hidden_state").orElseThrow();
            FloatBuffer data = hidden.getFloatBuffer();
            int dim = (int) hidden.getInfo().getShape()[2];
            double[] sum = new double[dim];
            int n = 0;
            for (int tok = 0; tok < ids.length; tok++) {
                if (mask[tok] == 1) {
                    n++;
                    for (int d = 0; d < dim; d++) {
                        sum[d] += data.get(tok * dim + d);
                    }
                }
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                sum[d] /= n;
                norm += sum[d] * sum[d];
            }
            float[] out = new float[dim];
            for (int d = 0; d < dim; d++) {
                out[d] = (float) (sum[d] / Math.sqrt(norm));
            }
            return out;
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static InputStream resource(String name) {
        InputStream in = E5ReferenceTest.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the test class path");
        }
        return in;
    }
}
