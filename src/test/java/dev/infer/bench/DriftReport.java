package dev.infer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two JSONL outputs of {@code infer}, row by row (rows in the same order).
 *
 * <ul>
 *   <li>{@code infer embed} outputs (field {@code embedding}, an array of floats): mean and min
 *       cosine similarity, and how many rows fall under 0.99.
 *   <li>{@code infer classify} outputs (field {@code label}): label agreement.
 * </ul>
 *
 * The kind is detected from the first line unless {@code --embed} or {@code --classify} is given.
 * {@code --accuracy corpus.csv labels.jsonl} instead compares {@code infer classify} labels with the
 * star ratings of a {@link CorpusGenerator} corpus (4-5 = positive, 1-2 = negative, 3 skipped).
 * If both files carry an {@code id} field, the ids must match row by row. Prints one human line,
 * or one JSON object with {@code --json}. Exit status 2 on a row-count or id mismatch.
 *
 * <pre>java dev.infer.bench.DriftReport [--embed|--classify] [--json] A.jsonl B.jsonl
 * java dev.infer.bench.DriftReport --accuracy corpus.csv labels.jsonl [--json]</pre>
 */
public final class DriftReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Result of a comparison; the fields that don't apply are NaN or -1. */
    record Drift(String kind, long rows, double meanCosine, double minCosine, long minRow,
                 long under099, long agree, double agreement, long idMismatches, String error,
                 Map<String, Long> disagreements) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "drift");
            m.put("kind", kind);
            m.put("rows", rows);
            if (kind.equals("embed")) {
                m.put("mean_cosine", CeilingBench.round(meanCosine, 6));
                m.put("min_cosine", CeilingBench.round(minCosine, 6));
                m.put("min_row", minRow);
                m.put("rows_under_0_99", under099);
            } else {
                m.put("agree", agree);
                m.put("agreement", CeilingBench.round(agreement, 6));
                m.put("disagreements", disagreements);
            }
            m.put("id_mismatches", idMismatches);
            if (error != null) m.put("error", error);
            return m;
        }

        String human() {
            String s = kind.equals("embed")
                    ? String.format(Locale.ROOT, "%d rows: mean cosine %.6f, min cosine %.6f (row %d), %d rows < 0.99",
                            rows, meanCosine, minCosine, minRow, under099)
                    : String.format(Locale.ROOT, "%d rows: label agreement %.4f%% (%d/%d)%s",
                            rows, 100 * agreement, agree, rows,
                            disagreements.isEmpty() ? "" : ", disagreements " + disagreements);
            if (idMismatches > 0) s += ", " + idMismatches + " id mismatches";
            return error == null ? s : s + " -- ERROR: " + error;
        }
    }

    public static void main(String[] args) throws IOException {
        String kind = null;
        boolean json = false;
        String embedField = "embedding";
        String labelField = "label";
        Path a = null;
        Path b = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--embed" -> kind = "embed";
                case "--classify" -> kind = "classify";
                case "--json" -> json = true;
                case "--accuracy" -> kind = "accuracy";
                case "--field" -> embedField = args[++i];
                case "--label-field" -> labelField = args[++i];
                case "-h", "--help" -> {
                    System.out.println("usage: DriftReport [--embed|--classify] [--json] [--field embedding]"
                            + " [--label-field label] A.jsonl B.jsonl");
                    return;
                }
                default -> {
                    if (a == null) a = Path.of(args[i]);
                    else if (b == null) b = Path.of(args[i]);
                    else throw new IllegalArgumentException("unexpected argument: " + args[i]);
                }
            }
        }
        if (a == null || b == null) throw new IllegalArgumentException("need two JSONL files");
        if ("accuracy".equals(kind)) {
            Map<String, Object> acc = accuracy(a, b, labelField);
            System.out.println(json ? JSON.writeValueAsString(acc) : String.format(Locale.ROOT,
                    "%s of %s rated rows: labels agree with the rating %.2f%%", acc.get("agree"), acc.get("rows"),
                    100 * (double) acc.get("accuracy")));
            return;
        }
        if (kind == null) kind = detect(a, embedField, labelField);
        Drift d = compare(a, b, kind, embedField, labelField);
        System.out.println(json ? JSON.writeValueAsString(d.toMap()) : d.human());
        if (d.error != null) System.exit(2);
    }

    static String detect(Path file, String embedField, String labelField) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n = JSON.readTree(line);
                if (n.has(embedField)) return "embed";
                if (n.has(labelField)) return "classify";
                throw new IOException(file + ": first row has neither '" + embedField + "' nor '" + labelField + "'");
            }
        }
        throw new IOException(file + " is empty");
    }

    static Drift compare(Path a, Path b, String kind, String embedField, String labelField) throws IOException {
        boolean embed = kind.equals("embed");
        long rows = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        long minRow = -1;
        long under = 0;
        long agree = 0;
        long idMismatches = 0;
        String error = null;
        Map<String, Long> disagreements = new TreeMap<>();
        try (BufferedReader ra = Files.newBufferedReader(a, StandardCharsets.UTF_8);
             BufferedReader rb = Files.newBufferedReader(b, StandardCharsets.UTF_8)) {
            while (true) {
                String la = nextLine(ra);
                String lb = nextLine(rb);
                if (la == null || lb == null) {
                    if (la != null || lb != null) {
                        error = "row counts differ: " + (la == null ? a : b) + " ends after " + rows + " rows";
                    }
                    break;
                }
                rows++;
                JsonNode na = JSON.readTree(la);
                JsonNode nb = JSON.readTree(lb);
                if (na.has("id") && nb.has("id") && !na.get("id").asText().equals(nb.get("id").asText())) {
                    idMismatches++;
                }
                if (embed) {
                    double c = cosine(vector(na, embedField, a, rows), vector(nb, embedField, b, rows));
                    if (Double.isNaN(c)) {
                        if (error == null) error = "row " + rows + ": vectors differ in length or one is zero";
                        continue;
                    }
                    sum += c;
                    if (c < min) {
                        min = c;
                        minRow = rows;
                    }
                    if (c < 0.99) under++;
                } else {
                    String x = label(na, labelField, a, rows);
                    String y = label(nb, labelField, b, rows);
                    if (x.equals(y)) agree++;
                    else disagreements.merge(x + "->" + y, 1L, Long::sum);
                }
            }
        }
        if (error == null && idMismatches > 0) error = idMismatches + " rows have different ids";
        if (error == null && rows == 0) error = "no rows";
        return new Drift(kind, rows, rows == 0 ? Double.NaN : sum / rows, rows == 0 ? Double.NaN : min, minRow,
                under, agree, rows == 0 ? Double.NaN : (double) agree / rows, idMismatches, error, disagreements);
    }

    /** Labels vs the corpus's star ratings: 4-5 positive, 1-2 negative, 3 skipped. */
    static Map<String, Object> accuracy(Path corpus, Path labels, String labelField) throws IOException {
        java.util.List<String> ratings = BenchModel.readTexts(corpus, "rating", 0);
        long rated = 0;
        long agree = 0;
        long row = 0;
        try (BufferedReader r = Files.newBufferedReader(labels, StandardCharsets.UTF_8)) {
            String line;
            while ((line = nextLine(r)) != null && row < ratings.size()) {
                String label = label(JSON.readTree(line), labelField, labels, row + 1);
                int stars = Integer.parseInt(ratings.get((int) row++).trim());
                if (stars == 3) continue;
                rated++;
                if (label.equals(stars >= 4 ? "positive" : "negative")) agree++;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "accuracy");
        m.put("rows", rated);
        m.put("agree", agree);
        m.put("accuracy", rated == 0 ? Double.NaN : CeilingBench.round((double) agree / rated, 6));
        return m;
    }

    private static String nextLine(BufferedReader r) throws IOException {
        String line;
        while ((line = r.readLine()) != null) {
            if (!line.isBlank()) return line;
        }
        return null;
    }

    private static double[] vector(JsonNode n, String field, Path file, long row) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) throw new IOException(file + " row " + row + ": no array field '" + field + "'");
        double[] x = new double[v.size()];
        for (int i = 0; i < x.length; i++) x[i] = v.get(i).asDouble();
        return x;
    }

    private static String label(JsonNode n, String field, Path file, long row) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new IOException(file + " row " + row + ": no field '" + field + "'");
        return v.asText();
    }

    /** Cosine similarity; vectors of different length or a zero vector give NaN. */
    static double cosine(double[] x, double[] y) {
        if (x.length != y.length) return Double.NaN;
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return nx == 0 || ny == 0 ? Double.NaN : dot / Math.sqrt(nx * ny);
    }
}
