package dev.infer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the files {@code scripts/bench} leaves in its work directory into a markdown report.
 *
 * <p>Layout of the work directory:
 * <ul>
 *   <li>{@code ceiling-exact-rK.jsonl}, {@code ceiling-batched-rK.jsonl}: {@link CeilingBench}
 *       output of repeat K (its {@code best} and {@code corpus} lines are used);
 *   <li>{@code runs/NAME-rK.summary.json}: {@code infer --summary} of a CLI run (optional);
 *       {@code runs/NAME-rK.time}: GNU time -v output, or {@code runs/NAME-rK.rss}: peak RSS in kB;
 *       {@code runs/NAME-rK.wall}: wall seconds; NAME is embed-default, embed-batched,
 *       classify-default, classify-batched, mem-large;
 *   <li>{@code drift-*.json}: {@link DriftReport} {@code --json} output.
 * </ul>
 *
 * Rates are medians over the repeats; "ratio" is the median over repeats of the CLI rate divided
 * by its ceiling measured in the same repeat. Also writes {@code report.json} beside.
 *
 * <pre>java dev.infer.bench.BenchReport --dir target/bench --rows 20000 --batch-size 32 [--mem-rows 200000]</pre>
 */
public final class BenchReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MAX_RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
    static final double GOAL_RATIO = 0.85;
    static final double GOAL_MEMORY = 1.2;

    /** One measured run (ceiling or CLI). NaN where unknown. */
    record Run(int repeat, double rowsPerS, double wallRowsPerS, double tokensPerS, double paddingEfficiency,
               long peakRssKb, String note) {}

    private final Path dir;
    private final long rows;
    private final String batchSize;
    private final long memRows;
    private long corpusTokens = -1;
    private final Map<String, Object> json = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();

    BenchReport(Path dir, long rows, String batchSize, long memRows) {
        this.dir = dir;
        this.rows = rows;
        this.batchSize = batchSize;
        this.memRows = memRows;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("target/bench");
        long rows = 20_000;
        String batch = "?";
        long memRows = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--rows" -> rows = Long.parseLong(args[++i]);
                case "--batch-size" -> batch = args[++i];
                case "--mem-rows" -> memRows = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        BenchReport r = new BenchReport(dir, rows, batch, memRows);
        String report = r.build();
        System.out.print(report);
        Files.writeString(dir.resolve("report.md"), report, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.json) + "\n", StandardCharsets.UTF_8);
    }

    String build() throws IOException {
        List<Run> exact = ceilings("exact");
        List<Run> batched = ceilings("batched");
        List<Run> embedDefault = cli("embed-default");
        List<Run> embedBatched = cli("embed-batched");
        List<Run> classifyDefault = cli("classify-default");
        List<Run> classifyBatched = cli("classify-batched");

        md.append(String.format(Locale.ROOT, "## infer benchmark: %d rows, %d repeat(s)%n%n", rows,
                Math.max(exact.size(), embedDefault.size())));
        md.append("| run | rows/s (median) | rows/s wall | tokens/s | ratio to its ceiling | padding efficiency | peak RSS (MB) | n |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        row("ceiling, exact (" + ceilingConfig("exact") + ")", exact, null);
        row("infer embed (default)", embedDefault, exact);
        row("ceiling, batched (" + ceilingConfig("batched") + ")", batched, null);
        row("infer embed --batch-size " + batchSize, embedBatched, batched);
        row("infer classify --model minilm", classifyDefault, exact);
        row("infer classify --model minilm --batch-size " + batchSize, classifyBatched, batched);
        List<Run> e5Exact = ceilings("e5-exact");
        if (!e5Exact.isEmpty()) {
            row("ceiling, exact e5-small (" + ceilingConfig("e5-exact") + ")", e5Exact, null);
            row("infer embed --model e5-small", cli("embed-e5"), e5Exact);
            row("infer classify (default: e5-small)", cli("classify-e5"), e5Exact);
        }
        md.append('\n');
        md.append("rows/s: from `infer --summary` when present, else rows / wall time of the process"
                + " (the wall column always includes JVM start and model load). Ceilings time only tensor"
                + " creation + session.run + pooling on pre-tokenized rows. Ratio: median over repeats of"
                + " (run / its ceiling in the same repeat).\n\n");

        // Goals
        md.append("### Goals\n\n");
        goal("embed default >= 85% of the exact ceiling", ratio(embedDefault, exact), GOAL_RATIO, true);
        goal("embed --batch-size " + batchSize + " >= 85% of the batched ceiling", ratio(embedBatched, batched),
                GOAL_RATIO, true);

        // Memory
        List<Run> large = cli("mem-large");
        double small = median(embedDefault.stream().mapToDouble(r -> r.peakRssKb > 0 ? r.peakRssKb : Double.NaN));
        if (!large.isEmpty() && !Double.isNaN(small)) {
            double big = large.get(0).peakRssKb;
            double ratio = big / small;
            goal(String.format(Locale.ROOT, "peak RSS %d rows / %d rows <= %.1f (%.0f MB / %.0f MB)",
                    memRows, rows, GOAL_MEMORY, big / 1024, small / 1024), ratio, GOAL_MEMORY, false);
            json.put("memory", Map.of("rows_small", rows, "rows_large", memRows, "peak_rss_kb_small", small,
                    "peak_rss_kb_large", big, "ratio", CeilingBench.round(ratio, 4),
                    "large_rows_per_s", CeilingBench.round(large.get(0).rowsPerS, 2)));
        } else {
            md.append("- memory check: not run\n");
        }
        md.append('\n');

        // Drift
        md.append("### Drift\n\n");
        drift("drift-embed.json", "embeddings, batched (--batch-size " + batchSize + ") vs default");
        drift("drift-classify.json", "classify labels, batched vs default");
        for (String[] acc : new String[][] {{"accuracy-classify", "classify --model minilm"},
                {"accuracy-classify-e5", "classify (default: e5-small)"}}) {
            Path file = dir.resolve(acc[0] + ".json");
            if (Files.exists(file) && Files.size(file) > 0) {
                JsonNode a = JSON.readTree(Files.readString(file));
                json.put(acc[0], a);
                md.append(String.format(Locale.ROOT,
                        "- %s vs the corpus's star ratings (1-2 negative, 4-5 positive): %.2f%% of %d%n",
                        acc[1], 100 * a.path("accuracy").asDouble(), a.path("rows").asLong()));
            }
        }
        drift("drift-sanity-exact.json", "embeddings, infer default vs bare ORT batch-of-one (sanity)");
        drift("drift-sanity-batched.json", "embeddings, infer --batch-size vs bare ORT sorted batches (sanity)");
        drift("drift-sanity-e5.json", "embeddings, infer embed --model e5-small vs bare ORT batch-of-one (sanity)");
        return md.toString();
    }

    private String ceilingConfig(String mode) throws IOException {
        for (int k = 1; ; k++) {
            Path f = dir.resolve("ceiling-" + mode + "-r" + k + ".jsonl");
            if (!Files.exists(f)) return "not run";
            JsonNode best = line(f, "best");
            if (best != null) {
                String s = best.path("layout").asText();
                return mode.equals("batched") ? s + ", batch " + best.path("batch").asInt() : s;
            }
        }
    }

    private List<Run> ceilings(String mode) throws IOException {
        List<Run> out = new ArrayList<>();
        for (int k = 1; ; k++) {
            Path f = dir.resolve("ceiling-" + mode + "-r" + k + ".jsonl");
            if (!Files.exists(f)) break;
            JsonNode best = line(f, "best");
            JsonNode corpus = line(f, "corpus");
            if (corpus != null && corpusTokens < 0) corpusTokens = corpus.path("tokens").asLong(-1);
            if (best == null) continue;
            out.add(new Run(k, best.path("median_rows_per_s").asDouble(Double.NaN), Double.NaN,
                    best.path("median_tokens_per_s").asDouble(Double.NaN),
                    best.path("padding_efficiency").asDouble(Double.NaN), -1, null));
        }
        json.put("ceiling_" + mode, out);
        return out;
    }

    private List<Run> cli(String name) throws IOException {
        List<Run> out = new ArrayList<>();
        Path runs = dir.resolve("runs");
        for (int k = 1; ; k++) {
            Path wallF = runs.resolve(name + "-r" + k + ".wall");
            if (!Files.exists(wallF)) break;
            double wall = Double.parseDouble(Files.readString(wallF).trim());
            long n = name.equals("mem-large") && memRows > 0 ? memRows : rows;
            double rps = Double.NaN;
            double eff = Double.NaN;
            long tokens = corpusTokens;
            String note = "wall";
            Path sumF = runs.resolve(name + "-r" + k + ".summary.json");
            if (Files.exists(sumF) && Files.size(sumF) > 0) {
                try {
                    JsonNode s = JSON.readTree(sumF.toFile());
                    for (String f : new String[] {"rows", "rows_written", "rows_read"}) {
                        if (s.has(f)) {
                            n = s.path(f).asLong(n);
                            break;
                        }
                    }
                    rps = s.path("rows_per_second").asDouble(Double.NaN);
                    if (Double.isNaN(rps) && s.has("seconds")) rps = n / s.path("seconds").asDouble();
                    eff = s.path("padding_efficiency").asDouble(Double.NaN);
                    if (s.has("tokens")) tokens = s.path("tokens").asLong();
                    note = "summary";
                } catch (IOException e) {
                    note = "wall (bad summary)";
                }
            }
            if (name.equals("mem-large")) tokens = -1;
            double wallRps = n / wall;
            if (Double.isNaN(rps)) rps = wallRps;
            double secs = n / rps;
            out.add(new Run(k, rps, wallRps, tokens > 0 ? tokens / secs : Double.NaN, eff, peakRss(runs, name, k), note));
        }
        json.put(name, out);
        return out;
    }

    private static long peakRss(Path runs, String name, int k) throws IOException {
        Path t = runs.resolve(name + "-r" + k + ".time");
        if (Files.exists(t)) {
            Matcher m = MAX_RSS.matcher(Files.readString(t, StandardCharsets.UTF_8));
            if (m.find()) return Long.parseLong(m.group(1));
        }
        Path r = runs.resolve(name + "-r" + k + ".rss");
        if (Files.exists(r)) {
            String s = Files.readString(r).trim();
            if (!s.isEmpty()) return Long.parseLong(s);
        }
        return -1;
    }

    /** Median over repeats of run/ceiling, pairing runs and ceilings of the same repeat. */
    static double ratio(List<Run> runs, List<Run> ceilings) {
        List<Double> r = new ArrayList<>();
        for (Run x : runs) {
            for (Run c : ceilings) {
                if (c.repeat == x.repeat && c.rowsPerS > 0) r.add(x.rowsPerS / c.rowsPerS);
            }
        }
        return r.isEmpty() ? Double.NaN : CeilingBench.median(r);
    }

    private void row(String label, List<Run> runs, List<Run> ceiling) {
        if (runs.isEmpty()) {
            md.append("| ").append(label).append(" | not run | | | | | | 0 |\n");
            return;
        }
        double rps = median(runs.stream().mapToDouble(Run::rowsPerS));
        double wall = median(runs.stream().mapToDouble(Run::wallRowsPerS));
        double tps = median(runs.stream().mapToDouble(Run::tokensPerS));
        double eff = median(runs.stream().mapToDouble(Run::paddingEfficiency));
        double rss = median(runs.stream().mapToDouble(r -> r.peakRssKb > 0 ? r.peakRssKb / 1024.0 : Double.NaN));
        String ratio = "";
        if (ceiling != null) {
            double q = ratio(runs, ceiling);
            List<String> each = new ArrayList<>();
            for (Run x : runs) {
                for (Run c : ceiling) {
                    if (c.repeat == x.repeat) each.add(fmt(100 * x.rowsPerS / c.rowsPerS, 1));
                }
            }
            ratio = Double.isNaN(q) ? "n/a" : fmt(100 * q, 1) + "% (" + String.join(", ", each) + ")";
        }
        String note = runs.get(0).note == null ? "" : " [" + runs.get(0).note + "]";
        md.append("| ").append(label).append(note).append(" | ").append(fmt(rps, 1)).append(" | ")
                .append(fmt(wall, 1)).append(" | ").append(fmt(tps, 0)).append(" | ").append(ratio).append(" | ")
                .append(fmt(eff, 3)).append(" | ").append(fmt(rss, 0)).append(" | ").append(runs.size()).append(" |\n");
    }

    private void goal(String what, double value, double goal, boolean atLeast) {
        boolean ok = !Double.isNaN(value) && (atLeast ? value >= goal : value <= goal);
        String v = atLeast ? fmt(100 * value, 1) + "%" : fmt(value, 3);
        md.append("- ").append(Double.isNaN(value) ? "n/a" : ok ? "PASS" : "FAIL").append(": ").append(what)
                .append(": ").append(Double.isNaN(value) ? "not measured" : v).append('\n');
        @SuppressWarnings("unchecked")
        Map<String, Object> goals = (Map<String, Object>) json.computeIfAbsent("goals", k -> new LinkedHashMap<>());
        goals.put(what, Map.of("value", Double.isNaN(value) ? "n/a" : CeilingBench.round(value, 4), "pass", ok));
    }

    private void drift(String file, String label) throws IOException {
        Path f = dir.resolve(file);
        if (!Files.exists(f) || Files.size(f) == 0) {
            md.append("- ").append(label).append(": not run\n");
            return;
        }
        JsonNode d = JSON.readTree(Files.readString(f));
        json.put(file.replace(".json", ""), d);
        if (d.has("error")) {
            md.append("- ").append(label).append(": ERROR ").append(d.path("error").asText()).append('\n');
        } else if ("embed".equals(d.path("kind").asText())) {
            md.append(String.format(Locale.ROOT, "- %s: mean cosine %.5f, min cosine %.5f, %d of %d rows < 0.99%n",
                    label, d.path("mean_cosine").asDouble(), d.path("min_cosine").asDouble(),
                    d.path("rows_under_0_99").asLong(), d.path("rows").asLong()));
        } else {
            md.append(String.format(Locale.ROOT, "- %s: label agreement %.2f%% (%d of %d)%n", label,
                    100 * d.path("agreement").asDouble(), d.path("agree").asLong(), d.path("rows").asLong()));
        }
    }

    private static JsonNode line(Path f, String type) throws IOException {
        JsonNode found = null;
        for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (!l.startsWith("{")) continue;
            JsonNode n = JSON.readTree(l);
            if (type.equals(n.path("type").asText())) found = n;
        }
        return found;
    }

    private static double median(java.util.stream.DoubleStream s) {
        List<Double> xs = new ArrayList<>();
        s.filter(x -> !Double.isNaN(x)).forEach(xs::add);
        return xs.isEmpty() ? Double.NaN : CeilingBench.median(xs);
    }

    private static String fmt(double x, int digits) {
        if (Double.isNaN(x)) return "";
        return String.format(Locale.ROOT, "%." + digits + "f", x);
    }
}
