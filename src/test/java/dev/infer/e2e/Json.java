package dev.infer.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** Parses infer's JSONL output in tests. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static List<JsonNode> rows(String jsonl) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : jsonl.lines().toList()) {
            if (!line.isBlank()) {
                out.add(MAPPER.readTree(line));
            }
        }
        return out;
    }

    static float[] vector(JsonNode row, String field) {
        JsonNode a = row.get(field);
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) a.get(i).asDouble();
        }
        return v;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(float[] a) {
        double s = 0;
        for (float x : a) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
