package dev.infer.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted few-shot head and everything needed to trust it later: which model's vectors it was fitted on, the
 * prefix those vectors were made with, the examples' fingerprint, and how well it did in cross-validation.
 *
 * @param modelName     the model as the user named it ("e5-small", a folder), for messages
 * @param modelIdentity what must match for the head to apply (see {@link HeadModelKey})
 * @param prefix        put in front of every text before embedding
 * @param labels        class names, in weight order
 * @param weights       the fitted parameters
 * @param l2            the penalty it was fitted with
 * @param examples      how many examples it was fitted on
 * @param perLabel      examples per label
 * @param fingerprint   the examples' fingerprint ({@link Examples#fingerprint()})
 * @param cvFolds       folds of the cross-validation
 * @param cvAccuracy    cross-validated accuracy
 */
public record LogisticHead(String modelName, String modelIdentity, String prefix, List<String> labels,
                           HeadFit.Weights weights, double l2, int examples, Map<String, Integer> perLabel,
                           String fingerprint, int cvFolds, double cvAccuracy) {
    static final String FORMAT = "infer-logistic-head";
    static final int VERSION = 1;

    /** Thrown for a head file that cannot be used; the message is one sentence for the user. */
    public static final class HeadException extends dev.infer.io.InputException {
        public HeadException(String message) {
            super(message);
        }
    }

    public LogisticHead {
        labels = List.copyOf(labels);
        perLabel = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perLabel));
    }

    /** The head as JSON bytes: a pure function of its contents (no time stamps), so equal heads are equal files. */
    public byte[] toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode model = root.putObject("model");
        model.put("name", modelName);
        model.put("identity", modelIdentity);
        root.put("prefix", prefix);
        ArrayNode ls = root.putArray("labels");
        labels.forEach(ls::add);
        ObjectNode ex = root.putObject("examples");
        ex.put("count", examples);
        ObjectNode per = ex.putObject("per_label");
        perLabel.forEach(per::put);
        ex.put("fingerprint", fingerprint);
        ObjectNode cv = root.putObject("cross_validation");
        cv.put("folds", cvFolds);
        cv.put("accuracy", cvAccuracy);
        root.put("l2", l2);
        root.put("dimension", weights.dimension());
        putArray(root.putArray("mean"), weights.mean());
        putArray(root.putArray("scale"), weights.scale());
        ArrayNode w = root.putArray("weights");
        for (double[] row : weights.weights()) {
            putArray(w.addArray(), row);
        }
        putArray(root.putArray("bias"), weights.bias());
        try {
            return (mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of {@link #toJson()}: what a resumed run checks. */
    public String sha256() {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(toJson()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the head next to its final name first and renames it, so a crash never leaves half a head. */
    public void save(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, toJson());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static LogisticHead load(Path file) {
        String where = "{{head}} " + file;
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new HeadException(where + " does not exist");
        } catch (IOException e) {
            throw new HeadException(where + " is not a JSON head file (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new HeadException(where + " is not a head saved by infer classify {{save-head}}");
        }
        if (root.path("version").asInt() != VERSION) {
            throw new HeadException(where + " has head format version " + root.path("version").asText()
                    + "; this infer reads version " + VERSION);
        }
        try {
            List<String> labels = new ArrayList<>();
            root.path("labels").forEach(n -> labels.add(n.asText()));
            double[] mean = doubles(root.path("mean"));
            double[] scale = doubles(root.path("scale"));
            double[] bias = doubles(root.path("bias"));
            List<double[]> rows = new ArrayList<>();
            root.path("weights").forEach(n -> rows.add(doubles(n)));
            int d = root.path("dimension").asInt(-1);
            if (labels.size() < 2 || bias.length != labels.size() || rows.size() != labels.size()
                    || mean.length != d || scale.length != d || rows.stream().anyMatch(r -> r.length != d)) {
                throw new HeadException(where + " is damaged: its labels, weights and dimension do not fit together");
            }
            Map<String, Integer> perLabel = new LinkedHashMap<>();
            root.path("examples").path("per_label").properties().forEach(e -> perLabel.put(e.getKey(),
                    e.getValue().asInt()));
            JsonNode model = root.path("model");
            return new LogisticHead(model.path("name").asText(), model.path("identity").asText(),
                    root.path("prefix").asText(""), labels,
                    new HeadFit.Weights(mean, scale, rows.toArray(new double[0][]), bias),
                    root.path("l2").asDouble(), root.path("examples").path("count").asInt(), perLabel,
                    root.path("examples").path("fingerprint").asText(),
                    root.path("cross_validation").path("folds").asInt(),
                    root.path("cross_validation").path("accuracy").asDouble());
        } catch (IllegalArgumentException e) {
            throw new HeadException(where + " is damaged: " + e.getMessage());
        }
    }

    private static void putArray(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }

    private static double[] doubles(JsonNode n) {
        if (!n.isArray()) {
            throw new IllegalArgumentException("expected an array of numbers");
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) {
                throw new IllegalArgumentException("expected a number, found " + n.get(i));
            }
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
