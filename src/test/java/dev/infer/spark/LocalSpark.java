package dev.infer.spark;

import dev.infer.testing.ProcessResult;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;

/**
 * What the Spark ITs share: ONE local[2] session for the whole Failsafe JVM (starting Spark costs
 * seconds), loopback only and without UI, plus runners for the real jar (CLI and spark-submit).
 */
final class LocalSpark {
    static final Path JAR = Path.of(System.getProperty("infer.jar", "target/infer-0.1.0.jar"));
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("infer-it")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    private static final String[] WORDS = {
        "great", "terrible", "battery", "screen", "delivery", "price", "quality", "love", "hate", "works",
        "broken", "fast", "slow", "comfortable", "noisy", "café", "naïve", "100%", "refund", "🙂",
        "would", "buy", "again", "never", "the", "and", "it", "is", "was", "very", "not", "really", "okay"
    };

    /** {@code n} texts of varied length, the same for the same seed. */
    static List<String> texts(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int words = 2 + (int) Math.min(100, Math.abs(r.nextGaussian()) * 25);
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < words; w++) {
                b.append(w == 0 ? "" : r.nextInt(10) == 0 ? ", " : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            out.add(b.append('.').toString());
        }
        return out;
    }

    /** JSON lines with a string id ("r0", "r1", ...) and the text. */
    static String jsonl(List<String> texts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            b.append("{\"id\":\"r").append(i).append("\",\"text\":\"")
                    .append(texts.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}\n");
        }
        return b.toString();
    }

    /** The real jar's CLI, as a user runs it. */
    static ProcessResult cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Dai.djl.offline=true", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, 300);
    }

    /**
     * The real shaded jar through Spark's own submit entry point, in a JVM of its own whose class path is
     * Spark's (this JVM's, without infer's classes and engine dependencies: those come from the jar).
     */
    static ProcessResult sparkSubmit(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(List.of(System.getProperty("spark.argLine", "").trim().split("\\s+")));
        cmd.addAll(List.of("-cp", sparkClasspath(), "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.ui.showConsoleProgress=false",
                "--class", "dev.infer.spark.InferJob", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, 300);
    }

    private static String sparkClasspath() {
        List<String> keep = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            boolean ours = e.endsWith("/target/classes") || e.endsWith("/target/test-classes")
                    || e.contains("/com/microsoft/onnxruntime/") || e.contains("/ai/djl/")
                    || e.contains("/info/picocli/") || e.contains("/me/tongfei/") || e.contains("/dev/langchain4j/")
                    || e.contains("/org/slf4j/slf4j-nop/") || e.contains("/org/junit/") || e.contains("/surefire")
                    || e.contains("/org/tribuo/") || e.contains("/com/univocity/") || e.contains("/org/opentest4j/")
                    || e.contains("/org/apiguardian/");
            if (!ours) {
                keep.add(entry);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    private static ProcessResult exec(List<String> cmd, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        env.put("ORT_DISABLE_TELEMETRY", "1");
        env.put("TOKENIZERS_PARALLELISM", "false");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        p.getOutputStream().close();
        return ProcessResult.await(p, timeoutSeconds, cmd.get(0));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
