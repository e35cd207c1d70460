package dev.infer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The server's floats against Jackson's own shortest-text writer (its Schubfach, what the CLI's text has
 * always been), and against Jackson with the JDK's Float.toString for the values answers carry in practice.
 */
class ServeJsonTest {
    private static final ObjectMapper SERVE = ServeJson.mapper();
    private static final ObjectMapper SHORTEST = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private static final ObjectMapper BEFORE = new ObjectMapper();

    @Test
    void vectorsAndScoresAreWrittenAsTheCliWritesThem() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 2000; round++) {
            float[] v = new float[r.nextInt(0, 40)];
            for (int i = 0; i < v.length; i++) {
                v[i] = Float.intBitsToFloat(r.nextInt());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("embedding", v);
            body.put("score", Float.intBitsToFloat(r.nextInt()));
            body.put("scores", List.of(r.nextFloat(), -r.nextFloat()));
            body.put("index", round);
            body.put("double", r.nextDouble());
            assertEquals(SHORTEST.writeValueAsString(body), SERVE.writeValueAsString(body));
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, -0f, 0f, Float.MIN_VALUE, Float.MAX_VALUE};
        assertEquals(BEFORE.writeValueAsString(special), SERVE.writeValueAsString(special));
        assertEquals(BEFORE.writeValueAsString(Map.of("s", Float.NaN)), SERVE.writeValueAsString(Map.of("s", Float.NaN)));
        // JDK 17's Float.toString is a digit longer here; the CLI and every JDK 19+ write this
        assertEquals("[1.1884683E13]", SERVE.writeValueAsString(new float[] {1.18846831E13f}));
    }

    @Test
    void embeddingsAndProbabilitiesHaveTheBytesTheyHadBefore() throws Exception {
        SplittableRandom r = new SplittableRandom(6);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            float[] v = new float[384];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (r.nextGaussian() * (i % 2 == 0 ? 0.05 : 3));
            }
            vectors.add(v);
        }
        assertEquals(BEFORE.writeValueAsString(vectors), SERVE.writeValueAsString(vectors));
    }
}
