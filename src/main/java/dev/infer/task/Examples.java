package dev.infer.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled texts to fit a few-shot head on, in file order.
 *
 * @param source how messages name the file
 */
public record Examples(String source, List<String> texts, List<String> labels) {

    public Examples {
        texts = List.copyOf(texts);
        labels = List.copyOf(labels);
        if (texts.size() != labels.size()) {
            throw new IllegalArgumentException("one label per text");
        }
    }

    /** Label names in order of first appearance. */
    public List<String> labelNames() {
        return new ArrayList<>(counts().keySet());
    }

    /** Examples per label, in order of first appearance. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String l : labels) {
            counts.merge(l, 1, Integer::sum);
        }
        return counts;
    }

    /** SHA-256 over every (text, label) pair in order, each length-prefixed so no two files collide by shifting. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < texts.size(); i++) {
                update(sha, texts.get(i));
                update(sha, labels.get(i));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(8).putLong(b.length).array());
        sha.update(b);
    }
}
