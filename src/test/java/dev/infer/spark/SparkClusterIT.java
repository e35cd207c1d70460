package dev.infer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.e2e.Gate;
import dev.infer.e2e.GatedTasks;
import dev.infer.hub.HubLayout;
import dev.infer.testing.ProcessResult;
import dev.infer.testing.TinyModels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * InferJob on a real standalone cluster on this machine: a master and 2 workers x 1 core, each worker starting
 * an executor JVM of its own (scripts/spark-cluster), the driver in a JVM of its own with the real shaded jar.
 * One cluster for the class, stopped however the tests end. Most jobs run in one application
 * ({@link ClusterDriver}, InferJob on one session) so executors start once; the last test submits InferJob
 * itself through scripts/spark-local, as a user would. The reference numbers are the real jar's CLI on the
 * same rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";
    /** The row the executors hold at (GatedTasks) until the kill test opens the gate; in no other input. */
    private static final String HELD_TEXT = "hold-this-row-for-the-kill";

    private static SparkCluster cluster;
    private static SparkCluster.Driver driver;
    private static Path shared;
    private static Path corpus;
    private static Path testJar;
    private static Path gateDir;
    private static Path hubCache;
    private static Path emptyHubCache;
    private static Map<String, JsonNode> cliEmbed;

    @TempDir
    Path dir;

    @BeforeAll
    static void startTheClusterAndRunTheCli() throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(SparkClusterIT::stopQuietly)); // if the JVM is stopped
        shared = Files.createTempDirectory("infer-spark-cluster-it");
        cluster = SparkCluster.start(SparkCluster.JAR.getParent().resolve("spark-cluster-it"), 2, 1, "1536m");
        corpus = Files.writeString(shared.resolve("corpus.jsonl"), LocalSpark.jsonl(LocalSpark.texts(2000, 11)));
        cliEmbed = cli(shared.resolve("cli-embed.jsonl"), "embed", "--in", corpus.toString(), "--threads", "2");
        testJar = testJar(shared);
        gateDir = Files.createDirectories(shared.resolve("gate"));
        // The driver finds ./tiny in its working folder and org/tiny in its own hub cache; an executor's working
        // folder is its own and its HF_HUB_CACHE is empty, so only a shipped copy can serve them there.
        Path folder = TinyModels.tokenEmbedder(shared.resolve("tiny"), TinyModels.Options.defaults()
                .withLayout(TinyModels.OnnxLayout.ONNX_DIR_BOTH)).dir();
        hubCache = shared.resolve("driver-hub-cache");
        HubLayout.write(folder, hubCache, "org/tiny", "main", COMMIT);
        emptyHubCache = Files.createDirectories(shared.resolve("executor-hub-cache"));
    }

    /** The one application most tests share, started on first use. */
    private static SparkCluster.Driver driver() throws Exception {
        if (driver == null) {
            Map<String, String> gate = new HashMap<>();
            Gate.onText(gateDir, HELD_TEXT).configure(gate);
            List<String> conf = new ArrayList<>(List.of("--conf", "spark.executorEnv.HF_HUB_CACHE=" + emptyHubCache));
            gate.forEach((k, v) -> conf.addAll(List.of("--conf", "spark.executorEnv." + k + "=" + v)));
            driver = cluster.driver(shared, testJar, conf, Map.of("HF_HUB_CACHE", hubCache.toString()));
        }
        return driver;
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        try {
            if (driver != null) {
                SparkCluster.Driver d = driver;
                driver = null;
                d.close();
            }
        } finally {
            if (cluster != null) {
                SparkCluster c = cluster;
                cluster = null;
                c.close(); // fails the class if a JVM of the cluster is left
            }
        }
    }

    private static void stopQuietly() {
        try {
            stopTheCluster();
        } catch (Exception e) {
            // the JVM is going down; the script said what it could not stop
        }
    }

    @Test
    @Order(1)
    void embedOn2000RowsIsBitIdenticalToTheCliAndEachExecutorLoadsTheModelOnce() throws Exception {
        Path out = dir.resolve("out");
        ProcessResult r = driver().run("embed", "--in", corpus.toString(), "--out", out.toString(),
                "--out-format", "json", "--id-column", "id", "--repartition", "6");
        assertEquals(0, r.exitCode(), r.stderr());
        JsonNode summary = summary(r);
        assertEquals(2000, summary.get("rows").asLong());
        assertEquals(0, summary.get("failed").asLong());

        Map<String, JsonNode> rows = readOutput(out);
        assertEquals(2000, rows.size());
        for (Map.Entry<String, JsonNode> e : cliEmbed.entrySet()) {
            JsonNode got = rows.get(e.getKey());
            assertNotNull(got, e.getKey());
            assertTrue(got.get("error").isNull(), got.toString());
            assertBitIdentical(e.getValue().get("embedding"), got.get("embedding"), e.getKey());
        }
        assertEquals(6, partFiles(out).size(), "6 partitions, so 6 tasks ran the model");
        assertEachJvmLoadedOnce("minilm", 1);
    }

    @Test
    @Order(2)
    void labelsScoresAndTokenCountsEqualTheClisOnThe2000Rows() throws Exception {
        String[] classify = {"--model", "minilm", "--labels", "praise,complaint,question", "--top-k", "2"};
        Map<String, JsonNode> want = cli(dir.resolve("cli-classify.jsonl"), concat(new String[] {"classify", "--in",
                corpus.toString(), "--threads", "2"}, classify));
        Path out = dir.resolve("labels");
        ProcessResult r = driver().run(concat(new String[] {"classify", "--in", corpus.toString(), "--out",
                out.toString(), "--out-format", "json", "--repartition", "4"}, classify));
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, JsonNode> got = readOutput(out);
        assertEquals(2000, got.size());
        for (Map.Entry<String, JsonNode> e : want.entrySet()) {
            JsonNode w = e.getValue();
            JsonNode g = got.get(e.getKey());
            assertEquals(w.get("label").asText(), g.get("label").asText(), e.getKey());
            assertEquals(w.get("score").asDouble(), g.get("score").asDouble(), e.getKey());
            for (int i = 0; i < 2; i++) {
                assertEquals(w.get("top_k").get(i).get("label").asText(), g.get("top_k").get(i).get("label").asText());
                assertEquals(w.get("top_k").get(i).get("score").asDouble(), g.get("top_k").get(i).get("score").asDouble());
            }
        }

        Map<String, JsonNode> wantTokens = cli(dir.resolve("cli-tokens.jsonl"), "tokenize", "--in", corpus.toString(),
                "--max-tokens", "40");
        Path tokens = dir.resolve("tokens");
        r = driver().run("tokenize", "--in", corpus.toString(), "--out", tokens.toString(), "--out-format", "json",
                "--max-tokens", "40", "--repartition", "2");
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, JsonNode> gotTokens = readOutput(tokens);
        assertEquals(2000, gotTokens.size());
        for (Map.Entry<String, JsonNode> e : wantTokens.entrySet()) {
            JsonNode g = gotTokens.get(e.getKey());
            assertEquals(e.getValue().get("tokens").asInt(), g.get("tokens").asInt(), e.getKey());
            assertEquals(e.getValue().get("truncated").asBoolean(), g.get("truncated").asBoolean(), e.getKey());
        }
        // embed, classify and tokenize of minilm: one model in each JVM (the driver's included), loaded once
        assertEachJvmLoadedOnce("minilm", 1);
    }

    @Test
    @Order(3)
    void anExecutorKilledMidJobLosesNoRowAndDoublesNone() throws Exception {
        // 600 of the corpus's rows in 4 files (4 partitions); the 100th row of the third is held by the executor
        // that reaches it until the test opens the gate, so the job cannot end before the kill, on any machine.
        List<String> lines = Files.readAllLines(corpus).subList(0, 600);
        Path in = Files.createDirectories(dir.resolve("in"));
        Map<String, String> texts = new HashMap<>();
        for (int f = 0; f < 4; f++) {
            List<String> part = new ArrayList<>(lines.subList(f * 150, f * 150 + 150));
            if (f == 2) {
                part.set(99, "{\"id\":\"held\",\"text\":\"" + HELD_TEXT + "\"}");
            }
            Files.write(in.resolve("part-" + f + ".json"), part);
            for (String l : part) {
                JsonNode row = JSON.readTree(l);
                texts.put(row.get("id").asText(), row.get("text").asText());
            }
        }
        Map<String, JsonNode> want = new HashMap<>(cliEmbed);
        want.putAll(cli(dir.resolve("cli-held.jsonl"), "embed", "--in", Files.writeString(dir.resolve("held.jsonl"),
                "{\"id\":\"held\",\"text\":\"" + HELD_TEXT + "\"}\n").toString()));
        Gate gate = Gate.onText(gateDir, HELD_TEXT);
        Path out = dir.resolve("out");
        SparkCluster.Driver d = driver();
        d.send("embed", "--in", in.toString(), "--format", "json", "--out", out.toString(), "--out-format", "json");

        long pid = gate.heldBy(1, d.process());
        ProcessHandle executor = ProcessHandle.of(pid).orElseThrow();
        assertTrue(executor.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"),
                "held in an executor: " + executor.info().commandLine());
        assertTrue(executor.destroyForcibly(), "SIGKILL sent"); // destroyForcibly is SIGKILL on Linux
        executor.onExit().get(60, TimeUnit.SECONDS);
        gate.open(); // the partition runs again elsewhere, past the marked row

        ProcessResult r = d.result();
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(600, summary(r).get("rows").asLong());
        Map<String, Integer> seen = new HashMap<>();
        Map<String, JsonNode> rows = readOutput(out, seen);
        assertEquals(texts.keySet(), rows.keySet());
        seen.forEach((id, n) -> assertEquals(1, n, id + " written " + n + " times"));
        for (String id : texts.keySet()) {
            assertEquals(texts.get(id), rows.get(id).get("text").asText(), id);
            assertBitIdentical(want.get(id).get("embedding"), rows.get(id).get("embedding"), id);
        }
        assertEachJvmLoadedOnce("minilm", 1); // the replacement executor loaded it once too
    }

    @Test
    @Order(4)
    void folderAndHubModelsReachExecutorsThatShareNoFolderWithTheDriver() throws Exception {
        List<String> texts = LocalSpark.texts(120, 21);
        Path in = Files.writeString(dir.resolve("in.jsonl"), LocalSpark.jsonl(texts));
        Map<String, JsonNode> want = cli(dir.resolve("cli.jsonl"), "embed", "--model", shared.resolve("tiny").toString(),
                "--in", in.toString());
        for (String model : List.of("./tiny", "org/tiny")) {
            Path out = dir.resolve("out-" + model.replaceAll("\\W", ""));
            ProcessResult r = driver().run("embed", "--model", model, "--in", in.toString(), "--out", out.toString(),
                    "--out-format", "json", "--repartition", "3");
            assertEquals(0, r.exitCode(), model + ": " + r.stderr());
            Map<String, JsonNode> got = readOutput(out);
            assertEquals(120, got.size());
            for (Map.Entry<String, JsonNode> e : want.entrySet()) {
                assertTrue(got.get(e.getKey()).get("error").isNull(), got.get(e.getKey()).toString());
                assertBitIdentical(e.getValue().get("embedding"), got.get(e.getKey()).get("embedding"), model + " " + e.getKey());
            }
            for (String line : assertEachJvmLoadedOnce(model, 1)) {
                assertTrue(line.contains("from the copy shipped to this executor"), line);
            }
        }
    }

    @Test
    @Order(5)
    void rerankWithAShippedCrossEncoderGivesTheClisScores() throws Exception {
        Path crossEncoder = TinyModels.sequenceClassifier(shared.resolve("cross-encoder"), TinyModels.Options.defaults()
                .withLayout(TinyModels.OnnxLayout.ONNX_DIR).withLabels("LABEL_0")).dir();
        Path in = Files.writeString(dir.resolve("in.jsonl"), LocalSpark.jsonl(LocalSpark.texts(150, 3)));
        String query = "is the battery any good?";
        // One row per call on both sides: a float model batched moves by float noise with its batch-mates, and
        // the CLI's batches are not a partition's (SparkRerankIT checks batched scores on local[2]).
        Map<String, JsonNode> want = cli(dir.resolve("cli.jsonl"), "rerank", "--model", crossEncoder.toString(),
                "--query", query, "--in", in.toString(), "--batch-size", "1");
        Path out = dir.resolve("out");
        ProcessResult r = driver().run("rerank", "--model", "./cross-encoder", "--query", query, "--in", in.toString(),
                "--out", out.toString(), "--out-format", "json", "--repartition", "3", "--batch-size", "1");
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, JsonNode> got = readOutput(out);
        assertEquals(150, got.size());
        for (Map.Entry<String, JsonNode> e : want.entrySet()) {
            assertTrue(got.get(e.getKey()).get("error").isNull(), got.get(e.getKey()).toString());
            assertEquals(e.getValue().get("score").asDouble(), got.get(e.getKey()).get("score").asDouble(), e.getKey());
        }
        assertEachJvmLoadedOnce("./cross-encoder", 1);
    }

    /** Last: it needs every core of the cluster, so the shared application ends first. */
    @Test
    @Order(99)
    void spark_submitOfInferJobFailsOnABadRowUnderOnErrorFailNamingIt() throws Exception {
        if (driver != null) {
            SparkCluster.Driver d = driver;
            driver = null;
            d.close();
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            b.append(i == 17 ? "{\"id\":\"bad-7\",\"text\":null}\n" : "{\"id\":\"ok-" + i + "\",\"text\":\"fine " + i + "\"}\n");
        }
        Path in = Files.writeString(dir.resolve("in.jsonl"), b);
        ProcessResult r = cluster.submit(dir, List.of(), "embed", "--in", in.toString(), "--out",
                dir.resolve("out").toString(), "--id-column", "id", "--on-error", "fail");
        assertEquals(InferJob.FAILURE, r.exitCode(), r.stderr());
        String named = "infer: row 17 of partition 0 (id = bad-7) failed: text field 'text' is null";
        assertTrue(r.stderr().contains(named), r.stderr());
        JsonNode summary = summary(r);
        assertEquals(1, summary.get("exit_code").asInt());
        assertFalse(summary.get("completed").asBoolean());
        assertEquals(named, summary.get("reason").asText());
        assertTrue(summary.get("rows").isNull());
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** The real jar's CLI on {@code args} (--out added), by id. */
    private static Map<String, JsonNode> cli(Path out, String... args) throws Exception {
        ProcessResult r = LocalSpark.cli(concat(args, new String[] {"--out", out.toString(), "-q"}));
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode row = JSON.readTree(line);
            m.put(row.get("id").asText(), row);
        }
        return m;
    }

    private static JsonNode summary(ProcessResult r) throws IOException {
        List<String> json = r.stdout().lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(1, json.size(), "one summary line: " + r.stdout());
        return JSON.readTree(json.get(0));
    }

    private static Map<String, JsonNode> readOutput(Path out) throws IOException {
        return readOutput(out, new HashMap<>());
    }

    /** Every row of a JSON output folder by id; {@code seen} counts how often each id was written. */
    private static Map<String, JsonNode> readOutput(Path out, Map<String, Integer> seen) throws IOException {
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "the job committed " + out);
        Map<String, JsonNode> rows = new HashMap<>();
        for (Path part : partFiles(out)) {
            for (String line : Files.readAllLines(part)) {
                JsonNode row = JSON.readTree(line);
                rows.put(row.get("id").asText(), row);
                seen.merge(row.get("id").asText(), 1, Integer::sum);
            }
        }
        return rows;
    }

    private static List<Path> partFiles(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    /**
     * Every executor JVM of the shared application (and its driver) printed at most {@code most} lines saying it
     * loaded {@code model}, and at least one executor did: the per-JVM cache at work, counted. Returns the
     * executors' lines.
     */
    private static List<String> assertEachJvmLoadedOnce(String model, int most) throws Exception {
        String loaded = ModelShipping.LOADED + model + " ";
        List<String> all = new ArrayList<>();
        List<Path> logs = cluster.executorLogs(driver().application());
        assertFalse(logs.isEmpty(), "the workers started executors");
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith(loaded)).toList();
            assertTrue(lines.size() <= most, log + " loaded " + model + " " + lines.size() + " times: " + lines);
            all.addAll(lines);
        }
        assertFalse(all.isEmpty(), "an executor loaded " + model);
        long driverLoads = driver().stderr().lines().filter(l -> l.startsWith(loaded)).count();
        assertEquals(1, driverLoads, "the driver loaded " + model + " once");
        return all;
    }

    private static void assertBitIdentical(JsonNode want, JsonNode got, String what) {
        assertNotNull(got, what);
        assertEquals(want.size(), got.size(), what);
        for (int i = 0; i < want.size(); i++) {
            assertEquals(Float.floatToIntBits((float) want.get(i).asDouble()), Float.floatToIntBits((float) got.get(i).asDouble()),
                    what + " dimension " + i);
        }
    }

    /**
     * A jar with {@link ClusterDriver} and the test gate ({@link GatedTasks}, its base class, a service file
     * naming it), for the driver's and the executors' class path next to infer's jar: the gate must load in the
     * class loader that loads infer.
     */
    private static Path testJar(Path dir) throws IOException {
        Path classes = Path.of(GatedTasks.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path pkg = classes.resolve("dev/infer/e2e");
        Path jar = dir.resolve("infer-cluster-it.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
             Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("(GatedTasks|DelegatingTask)(\\$.*)?\\.class"))
                    .sorted().toList()) {
                j.putNextEntry(new JarEntry("dev/infer/e2e/" + f.getFileName()));
                Files.copy(f, j);
                j.closeEntry();
            }
            for (String c : List.of("ClusterDriver.class")) {
                j.putNextEntry(new JarEntry("dev/infer/spark/" + c));
                Files.copy(classes.resolve("dev/infer/spark").resolve(c), j);
                j.closeEntry();
            }
            j.putNextEntry(new JarEntry("META-INF/services/dev.infer.task.TaskInterceptor"));
            j.write((GatedTasks.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
