package dev.infer.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small deterministic inputs for the end-to-end tests. */
final class Corpus {
    private static final String[] WORDS = {
        "great", "terrible", "battery", "screen", "delivery", "price", "quality", "love", "hate", "works",
        "broken", "fast", "slow", "comfortable", "noisy", "café", "naïve", "100%", "5-star", "refund", "🙂",
        "would", "buy", "again", "never", "the", "and", "it", "is", "was", "very", "not", "really", "okay"
    };

    private Corpus() {
    }

    /** {@code n} texts of varied length (2 to ~120 words), the same for the same seed. */
    static List<String> texts(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int words = 2 + (int) Math.min(118, Math.abs(r.nextGaussian()) * 30);
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    b.append(r.nextInt(12) == 0 ? ", " : " ");
                }
                b.append(WORDS[r.nextInt(WORDS.length)]);
            }
            out.add(b.append('.').toString());
        }
        return out;
    }

    /** A CSV with columns id,text; texts quoted (they contain commas). */
    static String csv(List<String> texts) {
        StringBuilder b = new StringBuilder("id,text\n");
        for (int i = 0; i < texts.size(); i++) {
            b.append(i).append(",\"").append(texts.get(i).replace("\"", "\"\"")).append("\"\n");
        }
        return b.toString();
    }

    static String jsonl(List<String> texts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            b.append("{\"id\":").append(i).append(",\"text\":\"")
                    .append(texts.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}\n");
        }
        return b.toString();
    }
}
