package dev.infer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 26's goals side by side in one run ({@code scripts/bench --goals}): whole processes, every case once
 * per round in a fixed interleaved order, medians over the rounds and each round's own ratio, the machine
 * named (and its load average before and after, so a busy machine shows).
 *
 * <ul>
 * <li>{@code reuse}: {@code --cache} warm vs cold on the same rows (goal 30x at 20,000 rows), yesterday's rows
 *     plus 5% new ones with the cache vs without (10x), 30% repeated rows with dedupe vs {@code --no-dedupe}
 *     (1.35x); each output compared byte for byte with its twin.</li>
 * <li>{@code fp32}: {@code infer embed --batch-size B} on the float twin of the embedded model vs the batched
 *     bare-ORT ceiling on the same rows ({@link CeilingBench}, best of its layouts; goal 0.9), and infer's own
 *     default on that model.</li>
 * <li>{@code serve}: {@code infer serve} vs the Node.js peer service at concurrency 4 and 16 (goal 1.1x the
 *     requests/s; p50, p99 and /health p99 beside), then {@code infer serve} on the float model with and
 *     without cross-request batching.</li>
 * <li>{@code onerow}: one-row {@code infer embed} vs the Node peer (goal 0.5x the wall), and the JDK 25
 *     ahead-of-time cache ({@code INFER_AOT=on}) vs the JDK 17 path, when a JDK 25 is there.</li>
 * </ul>
 *
 * <pre>
 * java -cp HARNESS dev.infer.bench.GoalsBench --work target/bench/goals --infer scripts/infer
 *     [--peer DIR] [--fp32 DIR] [--rounds 3] [--rows 20000] [--fp32-rows 3000] [--batch-size 32]
 *     [--fp32-layouts 2x1-nospin,1x2-nospin] [--serve-requests 2000] [--one-row-runs 5]
 *     [--only reuse,fp32,serve,onerow]
 * </pre>
 */
public final class GoalsBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("http://[0-9.]+:[0-9]+");

    /** One timed process: wall and CPU seconds, peak RSS (kB; 0 when unknown), and its summary if it wrote one. */
    record Sample(double wall, double cpu, long rssKb, JsonNode summary) {
        double rowsPerSecond() {
            return summary == null ? Double.NaN : summary.path("rows_per_second").asDouble(Double.NaN);
        }
    }

    /** One row of the report: what was compared, the goal, and the per-round values it is made from. */
    record Line(String what, String numerator, String denominator, List<Double> num, List<Double> den,
                String unit, String goal, double target, boolean higherIsBetter, String note) {
        double ratio() {
            return median(num) / median(den);
        }

        List<Double> perRound() {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < Math.min(num.size(), den.size()); i++) {
                r.add(num.get(i) / den.get(i));
            }
            return r;
        }

        String verdict() {
            if (target <= 0 || Double.isNaN(ratio())) {
                return "";
            }
            return (higherIsBetter ? ratio() >= target : ratio() <= target) ? "met" : "NOT met";
        }
    }

    private Path work;
    private Path infer;
    private Path peer;
    private Path fp32;
    private int rounds = 3;
    private int rows = 20_000;
    private int fp32Rows = 3_000;
    private int batch = 32;
    private String fp32Layouts = "2x1-nospin,1x2-nospin";
    private int serveRequests = 2_000;
    private int oneRowRuns = 5;
    private long seed = 42;
    private Set<String> only = new LinkedHashSet<>(List.of("reuse", "fp32", "serve", "onerow"));

    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Map<String, List<JsonNode>> serveLines = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> sameBytes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        GoalsBench b = new GoalsBench();
        b.parse(args);
        b.run();
    }

    void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--work" -> work = Path.of(v);
                case "--infer" -> infer = Path.of(v);
                case "--peer" -> peer = v.isEmpty() ? null : Path.of(v);
                case "--fp32" -> fp32 = v.isEmpty() ? null : Path.of(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--rows" -> rows = Integer.parseInt(v.replace("_", ""));
                case "--fp32-rows" -> fp32Rows = Integer.parseInt(v.replace("_", ""));
                case "--batch-size" -> batch = Integer.parseInt(v);
                case "--fp32-layouts" -> fp32Layouts = v;
                case "--serve-requests" -> serveRequests = Integer.parseInt(v);
                case "--one-row-runs" -> oneRowRuns = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(v.split(",")));
                default -> throw new IllegalArgumentException("GoalsBench: unknown option " + args[i]);
            }
            i++;
        }
        if (work == null || infer == null) {
            throw new IllegalArgumentException("GoalsBench needs --work DIR and --infer LAUNCHER");
        }
        if (rounds < 1 || !Set.of("reuse", "fp32", "serve", "onerow").containsAll(only)) {
            throw new IllegalArgumentException("--rounds >= 1; --only takes reuse, fp32, serve, onerow");
        }
    }

    private void run() throws Exception {
        Files.createDirectories(work.resolve("t"));
        String loadBefore = loadAverage();
        Path reuse = work.resolve("reuse");
        if (only.contains("reuse")) {
            ReuseCorpora.main(new String[] {"--rows", Integer.toString(rows), "--seed", Long.toString(seed), "--dir",
                reuse.toString()});
        }
        Path corpus = work.resolve("corpus.csv");
        int corpusRows = Math.max(fp32Rows, Math.min(serveRequests, rows));
        CorpusGenerator.main(new String[] {"--rows", Integer.toString(corpusRows), "--seed", Long.toString(seed),
            "--out", corpus.toString()});
        Path fp32Corpus = work.resolve("corpus-fp32.csv");
        CorpusGenerator.main(new String[] {"--rows", Integer.toString(fp32Rows), "--seed", Long.toString(seed),
            "--out", fp32Corpus.toString()});
        Path one = Files.writeString(work.resolve("one.jsonl"), "{\"text\":\"hi\"}\n");
        Path oneNode = Files.writeString(work.resolve("one-node.jsonl"), "{\"id\":1,\"text\":\"hi\"}\n");
        // warm-up, untimed: the class archive, ORT's natives, the saved graph, remembered weight hashes
        time("warmup", one, null, Map.of(), null, inferCmd("embed"));
        if (jdk25Present()) {
            time("warmup", one, null, Map.of("INFER_AOT", "on"), null, inferCmd("embed")); // trains the AOT cache
        } else {
            note("onerow: no JDK 25 under /usr/lib/jvm: the ahead-of-time cache row is skipped");
        }
        Path warmCsv = Files.writeString(work.resolve("warmup.csv"), "id,text\n1,warm up\n");
        time("warmup", null, null, Map.of(), null, inferCmd("embed", "--in", warmCsv.toString(), "--cache",
                work.resolve("warmup.cache").toString(), "-q"));
        if (peer != null) {
            time("warmup", null, null, Map.of("CORPUS", oneNode.toString()), peer,
                    List.of("node", "bench.mjs", "c", "1", work.resolve("out-node-1.jsonl").toString()));
        }
        for (int r = 1; r <= rounds; r++) {
            log("round " + r + "/" + rounds);
            if (only.contains("onerow")) {
                oneRow(one, oneNode);
            }
            if (only.contains("reuse")) {
                reuse(reuse, r);
            }
            if (only.contains("fp32")) {
                fp32(fp32Corpus, r);
            }
            if (only.contains("serve")) {
                serve(corpus);
            }
        }
        String loadAfter = loadAverage();
        String report = report(loadBefore, loadAfter);
        Files.writeString(work.resolve("report.md"), report);
        System.out.println(report);
        log("report: " + work.resolve("report.md"));
    }

    private List<String> inferCmd(String... args) {
        List<String> c = new ArrayList<>(List.of(infer.toString()));
        c.addAll(List.of(args));
        return c;
    }

    // ------------------------------------------------------------------------------------------- the cases

    private void oneRow(Path one, Path oneNode) throws Exception {
        for (int k = 0; k < oneRowRuns; k++) {
            record("onerow-infer", time("onerow-infer", one, null, Map.of(), null, inferCmd("embed")));
            if (peer != null) {
                record("onerow-node", time("onerow-node", null, null, Map.of("CORPUS", oneNode.toString()), peer,
                        List.of("node", "bench.mjs", "c", "1", work.resolve("out-node-1.jsonl").toString())));
            }
            if (jdk25Present()) {
                record("onerow-aot", time("onerow-aot", one, null, Map.of("INFER_AOT", "on"), null, inferCmd("embed")));
            }
        }
    }

    private void reuse(Path dir, int round) throws Exception {
        Path cache = dir.resolve("bench.cache");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(dir.resolve("bench.cache" + suffix));
        }
        String c = cache.toString();
        record("rep30-dedupe", timeCli("rep30-dedupe", round, "--in", dir.resolve("repeats30.csv"), "--out",
                dir.resolve("out-rep30-dedupe.jsonl")));
        record("rep30-nodedupe", timeCli("rep30-nodedupe", round, "--in", dir.resolve("repeats30.csv"), "--out",
                dir.resolve("out-rep30-nodedupe.jsonl"), "--no-dedupe"));
        record("cache-cold", timeCli("cache-cold", round, "--in", dir.resolve("unique.csv"), "--out",
                dir.resolve("out-cold.jsonl"), "--cache", c));
        record("cache-warm", timeCli("cache-warm", round, "--in", dir.resolve("unique.csv"), "--out",
                dir.resolve("out-warm.jsonl"), "--cache", c));
        record("today-plain", timeCli("today-plain", round, "--in", dir.resolve("today.csv"), "--out",
                dir.resolve("out-today-plain.jsonl")));
        record("today-cache", timeCli("today-cache", round, "--in", dir.resolve("today.csv"), "--out",
                dir.resolve("out-today-cache.jsonl"), "--cache", c));
        if (round == 1) {
            same(dir, "out-warm.jsonl", "out-cold.jsonl");
            same(dir, "out-today-cache.jsonl", "out-today-plain.jsonl");
            same(dir, "out-rep30-dedupe.jsonl", "out-rep30-nodedupe.jsonl");
        }
    }

    private void fp32(Path corpus, int round) throws Exception {
        if (fp32 == null) {
            note("fp32: no float model folder (--fp32): skipped");
            return;
        }
        Path out = work.resolve("t/ceiling-fp32-r" + round + ".jsonl");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Dai.djl.offline=true"));
        if (System.getProperty("onnxruntime.native.path") != null) { // ORT's natives where the bench keeps them
            cmd.add("-Donnxruntime.native.path=" + System.getProperty("onnxruntime.native.path"));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CeilingBench.class.getName(), "--in",
                corpus.toString(), "--model-dir", fp32.toString(), "--mode", "batched", "--repeat", "1", "--layouts",
                fp32Layouts, "--batch-sizes", Integer.toString(batch), "--no-check"));
        Sample ceiling = time("ceiling-fp32", null, out, Map.of(), null, cmd);
        JsonNode best = null;
        for (String line : Files.readAllLines(out)) {
            JsonNode n = JSON.readTree(line);
            if (n.path("type").asText().equals("best") && n.path("mode").asText().equals("batched")) {
                best = n;
            }
        }
        if (best == null) {
            throw new IllegalStateException("the ceiling printed no best batched layout: " + out);
        }
        samples.computeIfAbsent("ceiling-fp32", k -> new ArrayList<>()).add(new Sample(ceiling.wall(), ceiling.cpu(),
                0, JSON.createObjectNode().put("rows_per_second", best.path("median_rows_per_s").asDouble())));
        if (round == 1) {
            note("fp32 ceiling: best batched layout " + best.path("layout").asText() + ", batch " + batch);
        }
        record("fp32-infer", timeCli("fp32-infer", round, "--in", corpus, "--out", work.resolve("out-fp32.jsonl"),
                "--model", fp32, "--batch-size", Integer.toString(batch)));
        record("fp32-default", timeCli("fp32-default", round, "--in", corpus, "--out",
                work.resolve("out-fp32-default.jsonl"), "--model", fp32));
    }

    private void serve(Path corpus) throws Exception {
        int requests = serveRequests;
        serveOnce("infer", corpus, requests, inferCmd("serve", "--port", "0", "--max-queued-inputs", "4096",
                "--max-client-batch-size", "64"), null, "infer: ready");
        if (peer != null) {
            serveOnce("node", corpus, requests, List.of("node", "server.mjs", "0", "4096"), peer, null);
        } else {
            note("serve: no Node peer (--peer): infer only");
        }
        if (fp32 != null) {
            serveOnce("infer fp32 gathered", corpus, requests / 2, inferCmd("serve", "--port", "0", "--model",
                    fp32.toString(), "--max-queued-inputs", "4096"), null, "infer: ready");
            serveOnce("infer fp32 --batch-size 1", corpus, requests / 2, inferCmd("serve", "--port", "0", "--model",
                    fp32.toString(), "--batch-size", "1", "--max-queued-inputs", "4096"), null, "infer: ready");
        }
    }

    /** Starts a service, loads it with one-text requests at concurrency 4 and 16, stops it. */
    private void serveOnce(String name, Path corpus, int requests, List<String> cmd, Path dir, String ready)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("INFER_NO_BUILD", "1");
        pb.environment().remove("INFER_AOT");
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        try {
            String url = awaitUrl(p, ready);
            Path out = work.resolve("t/serve-" + name.replace(' ', '_') + ".jsonl");
            time("serveload", null, out, Map.of(), null, List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
                    ServeLoad.class.getName(), "--url", url, "--corpus", corpus.toString(), "--name", name,
                    "--requests", Integer.toString(requests), "--concurrency", "4,16"));
            for (String line : Files.readAllLines(out)) {
                serveLines.computeIfAbsent(name, k -> new ArrayList<>()).add(JSON.readTree(line));
            }
        } finally {
            p.destroy(); // SIGTERM: both services drain and exit
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The service's URL from its stderr, once it is ready (its "ready" line, or the URL itself). */
    private static String awaitUrl(Process p, String ready) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String url = null;
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = URL.matcher(line);
            if (url == null && m.find()) {
                url = m.group();
            }
            if (url != null && (ready == null || line.startsWith(ready))) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the service ended
                    }
                }, "service-stderr");
                drain.setDaemon(true);
                drain.start();
                return url;
            }
        }
        throw new IllegalStateException("the service ended before it was ready");
    }

    // ------------------------------------------------------------------------------------------- processes

    private Sample timeCli(String name, int round, Object... args) throws Exception {
        Path summary = work.resolve("t/" + name + "-r" + round + ".summary.json");
        List<String> cmd = inferCmd("embed");
        for (Object a : args) {
            cmd.add(a.toString());
        }
        cmd.addAll(List.of("--quiet", "--summary", summary.toString()));
        Sample s = time(name, null, null, Map.of(), null, cmd);
        JsonNode sum = Files.isRegularFile(summary) ? JSON.readTree(summary.toFile()) : null;
        return new Sample(s.wall(), s.cpu(), s.rssKb(), sum);
    }

    /**
     * Runs one process to its end under GNU time when there is one (wall, CPU, peak RSS), else wall only; a
     * failure stops the bench with the process's last lines.
     */
    private Sample time(String name, Path stdin, Path stdout, Map<String, String> env, Path dir, List<String> cmd)
            throws Exception {
        Path t = Files.createTempFile(work.resolve("t"), name, ".time");
        Path err = work.resolve("t/" + name + ".stderr");
        boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
        List<String> full = new ArrayList<>();
        if (gnuTime) {
            full.addAll(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", t.toString()));
        }
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full)
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin.toFile()))
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()))
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        pb.environment().put("INFER_NO_BUILD", "1");
        if (!env.containsKey("INFER_AOT")) {
            pb.environment().remove("INFER_AOT");
        }
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        long t0 = System.nanoTime();
        int exit = pb.start().waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            List<String> lines = Files.readAllLines(err);
            throw new IllegalStateException(name + " exited " + exit + ": " + String.join(" ", cmd) + "\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        }
        Sample s = new Sample(wall, Double.NaN, 0, null);
        if (gnuTime) {
            String[] f = Files.readString(t).strip().split("\\s+");
            s = new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2]),
                    Long.parseLong(f[3]), null);
        }
        Files.deleteIfExists(t);
        return s;
    }

    private void record(String name, Sample s) {
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
        log(String.format(Locale.ROOT, "  %-16s %7.2f s wall %7.2f s CPU%s", name, s.wall(), s.cpu(),
                Double.isNaN(s.rowsPerSecond()) ? "" : String.format(Locale.ROOT, " %8.1f rows/s", s.rowsPerSecond())));
    }

    private void same(Path dir, String a, String b) throws IOException {
        long mismatch = Files.mismatch(dir.resolve(a), dir.resolve(b));
        sameBytes.add(a + " = " + b + ": " + (mismatch == -1 ? "same bytes" : "DIFFER at byte " + mismatch));
    }

    private void note(String n) {
        if (!notes.contains(n)) {
            notes.add(n);
        }
    }

    /** A JDK 25 or later under /usr/lib/jvm, where the launcher looks for one with INFER_AOT=on. */
    private static boolean jdk25Present() {
        try (var dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            return dirs.anyMatch(d -> {
                try {
                    Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(d.resolve("release")));
                    return m.find() && Integer.parseInt(m.group(1)) >= 25 && Files.isExecutable(d.resolve("bin/java"));
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void log(String s) {
        System.err.println("[goals] " + s);
    }

    // ------------------------------------------------------------------------------------------- the report

    private List<Double> walls(String name) {
        return samples.getOrDefault(name, List.of()).stream().map(Sample::wall).toList();
    }

    private List<Double> rates(String name) {
        return samples.getOrDefault(name, List.of()).stream().map(Sample::rowsPerSecond).toList();
    }

    /** The lines of the report from what was measured; a case not run has no line. */
    List<Line> lines() {
        List<Line> l = new ArrayList<>();
        if (samples.containsKey("cache-warm")) {
            l.add(new Line("--cache warm vs cold, " + String.format(Locale.ROOT, "%,d", rows) + " rows", "cold",
                    "warm", walls("cache-cold"), walls("cache-warm"), "s", ">= 30x", 30, true, "whole process"));
        }
        if (samples.containsKey("today-cache")) {
            l.add(new Line("--cache, yesterday + 5% new rows vs no cache", "no cache", "cache", walls("today-plain"),
                    walls("today-cache"), "s", ">= 10x", 10, true, ""));
        }
        if (samples.containsKey("rep30-dedupe")) {
            l.add(new Line("30% repeated rows, dedupe vs --no-dedupe", "--no-dedupe", "dedupe", walls("rep30-nodedupe"),
                    walls("rep30-dedupe"), "s", ">= 1.35x", 1.35, true, ""));
        }
        if (samples.containsKey("fp32-infer")) {
            l.add(new Line("fp32 `--batch-size " + batch + "` vs the batched bare-ORT ceiling", "infer", "ceiling",
                    rates("fp32-infer"), rates("ceiling-fp32"), "rows/s", ">= 0.9", 0.9, true, "infer's summary"));
            l.add(new Line("fp32, infer's default vs the batched ceiling", "infer default", "ceiling",
                    rates("fp32-default"), rates("ceiling-fp32"), "rows/s", "", 0, true, "batching picked by itself"));
        }
        for (int c : new int[] {4, 16}) {
            List<Double> inf = serve("infer", c, "requests_per_s");
            List<Double> node = serve("node", c, "requests_per_s");
            if (!inf.isEmpty() && !node.isEmpty()) {
                l.add(new Line("serve at concurrency " + c + " vs the Node service", "infer", "node", inf, node,
                        "req/s", ">= 1.1x", 1.1, true, latencies(c)));
            }
            List<Double> g = serve("infer fp32 gathered", c, "requests_per_s");
            List<Double> one = serve("infer fp32 --batch-size 1", c, "requests_per_s");
            if (!g.isEmpty() && !one.isEmpty()) {
                l.add(new Line("serve fp32 at concurrency " + c + ", cross-request batching vs one input per call",
                        "gathered", "--batch-size 1", g, one, "req/s", "", 0, true, ""));
            }
        }
        if (samples.containsKey("onerow-node")) {
            l.add(new Line("one row `infer embed` vs the Node peer", "infer", "node", walls("onerow-infer"),
                    walls("onerow-node"), "s", "<= 0.5x", 0.5, false, "whole process, wall"));
        }
        if (samples.containsKey("onerow-aot")) {
            l.add(new Line("one row, INFER_AOT=on (JDK 25 AOT cache) vs the JDK 17 path", "INFER_AOT=on", "JDK 17",
                    walls("onerow-aot"), walls("onerow-infer"), "s", "< 1 to adopt", 1, false,
                    "adopt as the default only if met on a quiet machine"));
        }
        return l;
    }

    private List<Double> serve(String name, int concurrency, String field) {
        List<Double> v = new ArrayList<>();
        for (JsonNode n : serveLines.getOrDefault(name, List.of())) {
            if (n.path("concurrency").asInt() == concurrency && n.has(field)) {
                v.add(n.path(field).asDouble());
            }
        }
        return v;
    }

    private String latencies(int c) {
        StringBuilder b = new StringBuilder("p50/p99 ms: ");
        for (String s : List.of("infer", "node")) {
            b.append(s).append(' ').append(fmt(median(serve(s, c, "p50_ms")))).append('/')
                    .append(fmt(median(serve(s, c, "p99_ms")))).append(s.equals("infer") ? "; " : "");
        }
        List<Double> health = serve("infer", c, "health_p99_ms");
        if (!health.isEmpty()) {
            b.append("; infer /health p99 ").append(fmt(median(health))).append(" ms");
        }
        return b.toString();
    }

    String report(String loadBefore, String loadAfter) {
        StringBuilder b = new StringBuilder();
        b.append("## Issue 26 goals, side by side (").append(ZonedDateTime.now().toLocalDate()).append(")\n\n");
        b.append("Machine: ").append(machine()).append("; load average before ").append(loadBefore).append(", after ")
                .append(loadAfter).append(".\n");
        b.append("Medians of ").append(rounds).append(" interleaved round(s); in brackets each round's own ratio.\n\n");
        b.append("| case | ratio | per round | goal | verdict | medians | note |\n|---|---:|---|---|---|---|---|\n");
        for (Line l : lines()) {
            b.append("| ").append(l.what()).append(" | ").append(fmt(l.ratio())).append("x | ")
                    .append(l.perRound().stream().map(GoalsBench::fmt).toList()).append(" | ").append(l.goal())
                    .append(" | ").append(l.verdict()).append(" | ").append(l.numerator()).append(' ')
                    .append(fmt(median(l.num()))).append(" / ").append(l.denominator()).append(' ')
                    .append(fmt(median(l.den()))).append(' ').append(l.unit()).append(" | ").append(l.note())
                    .append(" |\n");
        }
        if (!sameBytes.isEmpty()) {
            b.append("\nOutputs: ").append(String.join("; ", sameBytes)).append(".\n");
        }
        for (String n : notes) {
            b.append("\n- ").append(n);
        }
        if (!notes.isEmpty()) {
            b.append('\n');
        }
        return b.toString();
    }

    private static String machine() {
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java "
                + System.getProperty("java.version");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    /** Test seam: a sample as a run would have recorded it. */
    void addSample(String name, Sample s) {
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    }

    /** Test seam: a ServeLoad line as a run would have read it. */
    void addServeLine(String name, JsonNode line) {
        serveLines.computeIfAbsent(name, k -> new ArrayList<>()).add(line);
    }
}
