package dev.infer.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The throughput ceiling: a bare ONNX Runtime loop over pre-tokenized rows.
 *
 * <p>Tokenization (untimed) happens first. The timed part is only: filling direct native-order
 * buffers and creating the input tensors from them, {@code session.run}, and mean pooling + L2
 * normalization of {@code last_hidden_state} read through {@code getFloatBuffer()}.
 *
 * <ul>
 *   <li>{@code --mode exact}: one row per run call.
 *   <li>{@code --mode batched}: rows sorted by length, consecutive batches of B padded only to
 *       their longest row; every batch size of {@code --batch-sizes}.
 * </ul>
 *
 * Layouts ({@code --layouts}, alias {@code --threads}) are {@code WxI[-nospin]}: W worker threads
 * sharing ONE session with I intra-op threads (inter-op 1, sequential execution); {@code -nospin}
 * sets {@code session.intra_op.allow_spinning=0} (ONNX Runtime's default is to spin). Every
 * configuration is timed {@code --repeat} times, interleaved (repeat 1 of every configuration, then
 * repeat 2, ...), after a warm-up per session. Output: one JSON object per line on stdout
 * ({@code type} = meta, corpus, run, config, best, check); progress on stderr.
 *
 * <pre>
 * java -cp ... dev.infer.bench.CeilingBench --in corpus.csv --mode both --rows 5000 --repeat 3 \
 *     --layouts 2x1,2x1-nospin,1x2,1x2-nospin --batch-sizes 8,16,32,64
 * </pre>
 */
public final class CeilingBench {

    static final int DIM = 384;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A thread layout: workers sharing one session, each run using intra-op threads. */
    record Layout(int workers, int intra, boolean spin) {
        static Layout parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            boolean spin = true;
            if (t.endsWith("-nospin")) {
                spin = false;
                t = t.substring(0, t.length() - "-nospin".length());
            } else if (t.endsWith("-spin")) {
                t = t.substring(0, t.length() - "-spin".length());
            }
            String[] p = t.split("x");
            if (p.length != 2) {
                throw new IllegalArgumentException("layout must look like 2x1 or 1x2-nospin: " + s);
            }
            return new Layout(Integer.parseInt(p[0]), Integer.parseInt(p[1]), spin);
        }

        String name() {
            return workers + "x" + intra + (spin ? "" : "-nospin");
        }
    }

    /** One timed configuration: a layout and a batch size (1 = exact mode). */
    record Config(String mode, Layout layout, int batch) {
        String key() {
            return mode + " " + layout.name() + (mode.equals("batched") ? " b" + batch : "");
        }
    }

    /** Wall seconds, process CPU seconds during the run, real and padded tokens. */
    record RunResult(double seconds, double cpuSeconds, long tokens, long paddedTokens) {}

    /** Wall and process-CPU seconds of one timed section. */
    record Timing(double wall, double cpu) {}

    // Options
    private Path in;
    private String column = "text";
    private BenchModel.Embedded model = BenchModel.Embedded.MINILM;
    private int rowLimit = 0;
    private String mode = "both";
    private List<Layout> layouts = parseLayouts("2x1,2x1-nospin,1x2,1x2-nospin");
    private int[] batchSizes = {8, 16, 32, 64};
    private int repeat = 3;
    private int warmupRows = 64;
    private String opt = null;
    private final Map<String, String> configEntries = new LinkedHashMap<>();
    private Path dumpExact;
    private Path dumpBatched;
    private boolean check = true;
    /** Order in which the workers take the length-sorted batches: longest first balances the tail. */
    private boolean longestFirst = true;
    /**
     * Runs of 1-intra-op-thread layouts whose CPU share is under this are repeated (up to maxTries):
     * the machine was busy with something else.
     */
    private double minCpuShare = 0;
    private int maxTries = 1;

    private final PrintStream out = System.out;

    public static void main(String[] args) throws Exception {
        CeilingBench b = new CeilingBench();
        b.parse(args);
        b.run();
    }

    private static List<Layout> parseLayouts(String s) {
        List<Layout> l = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) l.add(Layout.parse(p));
        }
        return l;
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--in" -> in = Path.of(args[++i]);
                case "--model" -> model = BenchModel.Embedded.of(args[++i]);
                case "--model-dir" -> model = BenchModel.Embedded.folder(Path.of(args[++i]));
                case "--column" -> column = args[++i];
                case "--rows" -> rowLimit = Integer.parseInt(args[++i].replace("_", ""));
                case "--mode" -> mode = args[++i];
                case "--layouts", "--threads" -> layouts = parseLayouts(args[++i]);
                case "--batch-sizes", "--batch-size" -> batchSizes =
                        Arrays.stream(args[++i].split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--warmup" -> warmupRows = Integer.parseInt(args[++i]);
                case "--opt" -> opt = args[++i];
                case "--config" -> {
                    String[] kv = args[++i].split("=", 2);
                    configEntries.put(kv[0], kv[1]);
                }
                case "--dump-exact" -> dumpExact = Path.of(args[++i]);
                case "--dump-batched" -> dumpBatched = Path.of(args[++i]);
                case "--no-check" -> check = false;
                case "--min-cpu-share" -> minCpuShare = Double.parseDouble(args[++i]);
                case "--max-tries" -> maxTries = Integer.parseInt(args[++i]);
                case "--batch-order" -> {
                    String o = args[++i];
                    if (!o.equals("asc") && !o.equals("desc")) throw new IllegalArgumentException("--batch-order asc|desc");
                    longestFirst = o.equals("desc");
                }
                case "-h", "--help" -> {
                    System.out.println("usage: CeilingBench --in corpus.csv [--model minilm|e5-small | --model-dir DIR] [--column text] [--rows N]"
                            + " [--mode exact|batched|both] [--layouts 2x1,2x1-nospin,1x2,1x2-nospin]"
                            + " [--batch-sizes 8,16,32,64] [--repeat K] [--warmup ROWS]"
                            + " [--opt all|extended|basic|none] [--config key=value]..."
                            + " [--batch-order desc|asc] [--dump-exact FILE.jsonl] [--dump-batched FILE.jsonl]"
                            + " [--min-cpu-share 0.9 --max-tries 4] [--no-check]");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        if (in == null) throw new IllegalArgumentException("--in corpus.csv is required");
        if (!Set.of("exact", "batched", "both").contains(mode)) {
            throw new IllegalArgumentException("--mode must be exact, batched or both");
        }
        if (repeat < 1 || layouts.isEmpty()) throw new IllegalArgumentException("need --repeat >= 1 and a layout");
    }

    private void run() throws Exception {
        emit(map("type", "meta", "model", model.name(),
                "java", System.getProperty("java.version"),
                "ort", OrtEnvironment.getEnvironment().getVersion(),
                "cpus", Runtime.getRuntime().availableProcessors(),
                "opt", opt == null ? "default" : opt,
                "min_cpu_share", minCpuShare, "max_tries", maxTries,
                "batch_order", longestFirst ? "desc" : "asc",
                "config", configEntries,
                "repeat", repeat));

        // 1. Pre-tokenize (not timed as part of the ceiling).
        List<String> texts = BenchModel.readTexts(in, column, rowLimit);
        long t0 = System.nanoTime();
        BenchModel.Row[] rows = new BenchModel.Row[texts.size()];
        try (HuggingFaceTokenizer tok = BenchModel.tokenizer(model)) {
            for (int i = 0; i < rows.length; i++) {
                String text = texts.get(i);
                rows[i] = BenchModel.encode(tok, i, text == null ? model.prefix() : model.prefix() + text);
            }
        }
        double tokSeconds = (System.nanoTime() - t0) / 1e9;
        texts = null;
        int n = rows.length;
        if (n == 0) throw new IllegalArgumentException("no rows in " + in);
        int[] lens = Arrays.stream(rows).mapToInt(BenchModel.Row::length).sorted().toArray();
        long realTokens = Arrays.stream(lens).asLongStream().sum();
        long truncated = Arrays.stream(lens).filter(l -> l >= model.maxLength()).count();
        emit(map("type", "corpus", "file", in.toString(), "rows", n, "tokens", realTokens,
                "mean_len", round((double) realTokens / n, 2),
                "p50_len", lens[n / 2], "p90_len", lens[(int) (n * 0.9)], "p99_len", lens[(int) (n * 0.99)],
                "max_len", lens[n - 1], "at_max_length", truncated,
                "at_max_length_pct", round(100.0 * truncated / n, 2),
                "tokenize_seconds", round(tokSeconds, 3),
                "tokenize_rows_per_s", round(n / tokSeconds, 1)));

        // 2. Configurations and one session per layout.
        List<Config> configs = new ArrayList<>();
        if (!mode.equals("batched")) {
            for (Layout l : layouts) configs.add(new Config("exact", l, 1));
        }
        if (!mode.equals("exact")) {
            for (int b : batchSizes) {
                for (Layout l : layouts) configs.add(new Config("batched", l, b));
            }
        }
        int maxLen = lens[n - 1];

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] modelBytes = BenchModel.modelBytes(model);
        Map<Layout, OrtSession> sessions = new LinkedHashMap<>();
        Map<String, List<Double>> rowsPerS = new LinkedHashMap<>();
        Map<String, List<Double>> tokensPerS = new LinkedHashMap<>();
        Map<String, Double> padEff = new LinkedHashMap<>();
        Map<String, List<Double>> perCpu = new LinkedHashMap<>();
        Map<String, float[]> lastEmbeddings = new LinkedHashMap<>();
        boolean keepEmbeddings = dumpExact != null || dumpBatched != null || (check && mode.equals("both"));
        try {
            for (Layout l : layouts) {
                OrtSession s = env.createSession(modelBytes, sessionOptions(l));
                sessions.put(l, s);
                if (!s.getInputNames().containsAll(List.of("input_ids", "attention_mask", "token_type_ids"))
                        || !s.getOutputNames().contains("last_hidden_state")) {
                    throw new IllegalStateException("unexpected model signature: " + s.getInputNames()
                            + " -> " + s.getOutputNames());
                }
            }
            // Warm-up: every session, every batch size it will see, rows spread over all lengths.
            int[] sortedIdx = sortedByLength(rows);
            int w = Math.min(warmupRows, n);
            BenchModel.Row[] warm = new BenchModel.Row[w];
            for (int i = 0; i < w; i++) warm[i] = rows[sortedIdx[(int) ((long) i * n / w)]];
            for (Config c : configs) {
                System.err.printf(Locale.ROOT, "warm-up %s (%d rows)%n", c.key(), w);
                if (c.batch == 1) {
                    timeExact(env, sessions.get(c.layout), c.layout, warm, maxLen, new float[n * DIM]);
                } else {
                    timeBatched(env, sessions.get(c.layout), c.layout, warm, c.batch, maxLen, new float[n * DIM]);
                }
            }

            // 3. Timed runs, interleaved.
            for (int r = 1; r <= repeat; r++) {
                for (Config c : configs) {
                    for (int attempt = 1; ; attempt++) {
                        float[] emb = new float[n * DIM];
                        RunResult res = c.batch == 1
                                ? timeExact(env, sessions.get(c.layout), c.layout, rows, maxLen, emb)
                                : timeBatched(env, sessions.get(c.layout), c.layout, rows, c.batch, maxLen, emb);
                        double rps = n / res.seconds;
                        double tps = res.tokens / res.seconds;
                        double eff = (double) res.tokens / res.paddedTokens;
                        // CPU the run got / what its threads could use: well under 1 = crowded out by others.
                        double share = res.cpuSeconds / (res.seconds
                                * Math.min(Runtime.getRuntime().availableProcessors(), c.layout.workers * c.layout.intra));
                        // Only layouts with 1 intra-op thread keep every thread busy all the time; with
                        // more, ORT's pool threads idle between parallel sections by design.
                        boolean accepted = c.layout.intra > 1 || !(share < minCpuShare) || attempt >= maxTries;
                        emit(map("type", "run", "mode", c.mode, "layout", c.layout.name(),
                                "workers", c.layout.workers, "intra_op", c.layout.intra, "spin", c.layout.spin,
                                "batch", c.batch, "repeat", r, "attempt", attempt, "accepted", accepted,
                                "rows", n, "tokens", res.tokens,
                                "padded_tokens", res.paddedTokens, "padding_efficiency", round(eff, 4),
                                "seconds", round(res.seconds, 3), "rows_per_s", round(rps, 2),
                                "tokens_per_s", round(tps, 1),
                                "cpu_seconds", round(res.cpuSeconds, 3), "cpu_share", round(share, 3),
                                "rows_per_cpu_s", round(n / res.cpuSeconds, 2)));
                        System.err.printf(Locale.ROOT,
                                "repeat %d %-22s %8.1f rows/s %9.0f tokens/s  cpu share %.2f  %.1f rows/cpu-s%s%n",
                                r, c.key(), rps, tps, share, n / res.cpuSeconds, accepted ? "" : "  (crowded: again)");
                        if (!accepted) continue;
                        rowsPerS.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(rps);
                        tokensPerS.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(tps);
                        perCpu.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(n / res.cpuSeconds);
                        padEff.put(c.key(), eff);
                        if (keepEmbeddings) lastEmbeddings.put(c.key(), emb);
                        break;
                    }
                }
            }
        } finally {
            for (OrtSession s : sessions.values()) s.close();
        }

        // 4. Medians per configuration and the best of each mode.
        Map<String, Config> bestByMode = new LinkedHashMap<>();
        Map<String, Double> bestMedian = new LinkedHashMap<>();
        for (Config c : configs) {
            double med = median(rowsPerS.get(c.key()));
            double medTok = median(tokensPerS.get(c.key()));
            emit(map("type", "config", "mode", c.mode, "layout", c.layout.name(), "batch", c.batch,
                    "median_rows_per_s", round(med, 2), "median_tokens_per_s", round(medTok, 1),
                    "padding_efficiency", round(padEff.get(c.key()), 4),
                    "median_rows_per_cpu_s", round(median(perCpu.get(c.key())), 2),
                    "rows_per_s", rowsPerS.get(c.key()).stream().map(x -> round(x, 2)).toList()));
            if (!bestMedian.containsKey(c.mode) || med > bestMedian.get(c.mode)) {
                bestMedian.put(c.mode, med);
                bestByMode.put(c.mode, c);
            }
        }
        System.err.println();
        System.err.printf(Locale.ROOT, "%-24s %12s %12s %8s %12s%n", "config", "rows/s(med)", "tokens/s", "pad-eff",
                "rows/cpu-s");
        for (Config c : configs) {
            System.err.printf(Locale.ROOT, "%-24s %12.1f %12.0f %8.3f %12.1f%n", c.key(), median(rowsPerS.get(c.key())),
                    median(tokensPerS.get(c.key())), padEff.get(c.key()), median(perCpu.get(c.key())));
        }
        for (Map.Entry<String, Config> e : bestByMode.entrySet()) {
            Config c = e.getValue();
            emit(map("type", "best", "mode", c.mode, "layout", c.layout.name(), "batch", c.batch,
                    "rows", n, "tokens", realTokens,
                    "median_rows_per_s", round(median(rowsPerS.get(c.key())), 2),
                    "median_tokens_per_s", round(median(tokensPerS.get(c.key())), 1),
                    "padding_efficiency", round(padEff.get(c.key()), 4),
                    "median_rows_per_cpu_s", round(median(perCpu.get(c.key())), 2)));
            System.err.printf(Locale.ROOT, "best %s: %s -> %.1f rows/s%n", c.mode, c.key(),
                    median(rowsPerS.get(c.key())));
        }

        // 5. Embedding sanity check and dumps.
        if (keepEmbeddings) {
            Config be = bestByMode.get("exact");
            Config bb = bestByMode.get("batched");
            if (check && be != null && bb != null) {
                float[] a = lastEmbeddings.get(be.key());
                float[] b = lastEmbeddings.get(bb.key());
                double sum = 0;
                double min = 2;
                for (int i = 0; i < n; i++) {
                    double c = 0;
                    for (int d = 0; d < DIM; d++) c += (double) a[i * DIM + d] * b[i * DIM + d];
                    sum += c;
                    min = Math.min(min, c);
                }
                emit(map("type", "check", "what", "batched vs exact embeddings (cosine)",
                        "exact", be.key(), "batched", bb.key(), "mean_cosine", round(sum / n, 6),
                        "min_cosine", round(min, 6)));
            }
            if (dumpExact != null && be != null) dump(dumpExact, lastEmbeddings.get(be.key()), n);
            if (dumpBatched != null && bb != null) dump(dumpBatched, lastEmbeddings.get(bb.key()), n);
        }
    }

    private OrtSession.SessionOptions sessionOptions(Layout l) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(l.intra);
        o.setInterOpNumThreads(1);
        o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        if (!l.spin) {
            o.addConfigEntry("session.intra_op.allow_spinning", "0");
            o.addConfigEntry("session.inter_op.allow_spinning", "0");
        }
        if (opt != null) {
            o.setOptimizationLevel(switch (opt.toLowerCase(Locale.ROOT)) {
                case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
                default -> throw new IllegalArgumentException("--opt none|basic|extended|all");
            });
        }
        for (Map.Entry<String, String> e : configEntries.entrySet()) o.addConfigEntry(e.getKey(), e.getValue());
        return o;
    }

    static int[] sortedByLength(BenchModel.Row[] rows) {
        Integer[] idx = new Integer[rows.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingInt((Integer i) -> rows[i].length()).thenComparingInt(i -> i));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** One row per run call: workers take the next row index from a shared counter. */
    private RunResult timeExact(OrtEnvironment env, OrtSession session, Layout l, BenchModel.Row[] rows,
                                int maxLen, float[] emb) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long tokens = Arrays.stream(rows).mapToLong(BenchModel.Row::length).sum();
        Timing s = runWorkers(l.workers, () -> {
            Buffers buf = new Buffers(maxLen);
            int[] one = new int[1];
            int i;
            while ((i = next.getAndIncrement()) < rows.length) {
                one[0] = i;
                infer(env, session, buf, rows, one, 0, 1, emb);
            }
        });
        return new RunResult(s.wall, s.cpu, tokens, tokens);
    }

    /** Length-sorted batches padded to their longest row: workers take the next batch. */
    private RunResult timeBatched(OrtEnvironment env, OrtSession session, Layout l, BenchModel.Row[] rows,
                                  int batch, int maxLen, float[] emb) throws Exception {
        int[] order = sortedByLength(rows);
        int batches = (rows.length + batch - 1) / batch;
        long tokens = 0;
        long padded = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * batch;
            int to = Math.min(rows.length, from + batch);
            int longest = 0;
            for (int k = from; k < to; k++) {
                tokens += rows[order[k]].length();
                longest = Math.max(longest, rows[order[k]].length());
            }
            padded += (long) longest * (to - from);
        }
        AtomicInteger next = new AtomicInteger();
        Timing s = runWorkers(l.workers, () -> {
            Buffers buf = new Buffers(batch * maxLen);
            int b;
            while ((b = next.getAndIncrement()) < batches) {
                int from = (longestFirst ? batches - 1 - b : b) * batch;
                infer(env, session, buf, rows, order, from, Math.min(rows.length, from + batch) - from, emb);
            }
        });
        return new RunResult(s.wall, s.cpu, tokens, padded);
    }

    /** Per-worker direct, native-order input buffers, reused for every call. */
    private static final class Buffers {
        final LongBuffer ids;
        final LongBuffer mask;
        final LongBuffer types;
        final float[] acc = new float[DIM];

        Buffers(int capacity) {
            ids = direct(capacity);
            mask = direct(capacity);
            types = direct(capacity);
        }

        private static LongBuffer direct(int n) {
            return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        }
    }

    /**
     * The timed unit: fill the buffers with rows {@code order[from..from+count)} padded to the
     * longest, create the tensors, run, mean-pool over the mask and L2-normalize into {@code emb}.
     */
    private static void infer(OrtEnvironment env, OrtSession session, Buffers buf, BenchModel.Row[] rows,
                              int[] order, int from, int count, float[] emb) throws OrtException {
        int seq = 0;
        for (int k = 0; k < count; k++) seq = Math.max(seq, rows[order[from + k]].length());
        buf.ids.clear();
        buf.mask.clear();
        buf.types.clear();
        for (int k = 0; k < count; k++) {
            BenchModel.Row r = rows[order[from + k]];
            int len = r.length();
            buf.ids.put(r.ids());
            buf.mask.put(r.mask());
            buf.types.put(r.types());
            for (int p = len; p < seq; p++) {
                buf.ids.put(0L);
                buf.mask.put(0L);
                buf.types.put(0L);
            }
        }
        buf.ids.flip();
        buf.mask.flip();
        buf.types.flip();
        long[] shape = {count, seq};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, buf.ids, shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, buf.mask, shape);
             OnnxTensor types = OnnxTensor.createTensor(env, buf.types, shape);
             OrtSession.Result res = session.run(
                     Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types),
                     Set.of("last_hidden_state"))) {
            OnnxTensor hidden = (OnnxTensor) res.get(0);
            FloatBuffer fb = hidden.getFloatBuffer();
            float[] acc = buf.acc;
            for (int k = 0; k < count; k++) {
                BenchModel.Row r = rows[order[from + k]];
                Arrays.fill(acc, 0f);
                long[] m = r.mask();
                int used = 0;
                int base = k * seq * DIM;
                for (int t = 0; t < m.length; t++) {
                    if (m[t] == 0) continue;
                    used++;
                    int off = base + t * DIM;
                    for (int d = 0; d < DIM; d++) acc[d] += fb.get(off + d);
                }
                float inv = used == 0 ? 0f : 1f / used;
                double norm = 0;
                for (int d = 0; d < DIM; d++) {
                    acc[d] *= inv;
                    norm += (double) acc[d] * acc[d];
                }
                float scale = norm == 0 ? 0f : (float) (1.0 / Math.sqrt(norm));
                int dst = r.index() * DIM;
                for (int d = 0; d < DIM; d++) emb[dst + d] = acc[d] * scale;
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} on {@code n} threads released together; returns wall and process CPU seconds. */
    private static Timing runWorkers(int n, Work work) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Thread th = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    work.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "ceiling-worker-" + t);
            th.start();
            threads.add(th);
        }
        ready.await();
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        go.countDown();
        for (Thread th : threads) th.join();
        long end = System.nanoTime();
        long cpu1 = processCpuNanos();
        if (failure.get() != null) {
            throw new RuntimeException("worker failed", failure.get());
        }
        return new Timing((end - start) / 1e9, cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e9);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private static void dump(Path file, float[] emb, int n) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(DIM * 12);
            for (int i = 0; i < n; i++) {
                sb.setLength(0);
                sb.append("{\"row\":").append(i + 1).append(",\"embedding\":[");
                for (int d = 0; d < DIM; d++) {
                    if (d > 0) sb.append(',');
                    sb.append(emb[i * DIM + d]);
                }
                sb.append("]}\n");
                w.write(sb.toString());
            }
        }
        System.err.println("wrote " + n + " embeddings to " + file);
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (a.length == 0) return Double.NaN;
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double round(double x, int digits) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return x;
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private void emit(Map<String, Object> m) throws IOException {
        out.println(JSON.writeValueAsString(m));
        out.flush();
    }
}
