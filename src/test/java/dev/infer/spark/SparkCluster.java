package dev.infer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.testing.ProcessResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real standalone cluster for the tests, through {@code scripts/spark-cluster} (a master and workers, each
 * worker starting executor JVMs per application), and jobs submitted to it through {@code scripts/spark-local}
 * with the real shaded jar: the way a user tries infer on a cluster here. The Spark is the build's own
 * ({@code spark.version} / {@code spark.scala.binary}, passed by Failsafe), assembled from Maven by the scripts.
 */
final class SparkCluster implements AutoCloseable {
    static final Path JAR = LocalSpark.JAR.toAbsolutePath();
    /** Where start and stop may take their time: JVM starts, a first Maven assembly of Spark's class path. */
    private static final int SCRIPT_SECONDS = 600;

    private final Path dir;
    private final String master;

    private SparkCluster(Path dir, String master) {
        this.dir = dir;
        this.master = master;
    }

    /** Stops a cluster left in {@code dir} by an earlier run, then starts a fresh one there. */
    static SparkCluster start(Path dir, int workers, int cores, String memory) throws Exception {
        script("stop", "--dir", dir.toString());
        ProcessResult r = script("start", "--dir", dir.toString(), "--workers", Integer.toString(workers),
                "--cores", Integer.toString(cores), "--memory", memory);
        assertEquals(0, r.exitCode(), "spark-cluster start: " + r.stderr());
        return new SparkCluster(dir, r.stdout().strip());
    }

    String master() {
        return master;
    }

    /** {@code scripts/spark-cluster status}: what runs. */
    ProcessResult status() throws Exception {
        return script("status", "--dir", dir.toString());
    }

    /** Stops every JVM of the cluster; fails if one is left. */
    @Override
    public void close() throws Exception {
        ProcessResult r = script("stop", "--dir", dir.toString());
        assertEquals(0, r.exitCode(), "spark-cluster stop: " + r.stderr());
    }

    /**
     * Submits InferJob through {@code scripts/spark-local}, as a user tries it on this cluster (client mode:
     * the driver runs in the started process, in {@code cwd}).
     *
     * @param conf extra spark-submit words (--conf k=v, --jars ...), none holding a space
     */
    ProcessResult submit(Path cwd, List<String> conf, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("scripts/spark-local").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Map<String, String> e = pb.environment();
        sparkVersion(e);
        e.put("INFER_JAR", JAR.toString());
        e.put("SPARK_MASTER", master);
        List<String> words = new ArrayList<>(List.of("--conf", "spark.executorEnv.INFER_NATIVE_CACHE=" + nativeCache()));
        words.addAll(conf);
        e.put("SPARK_CONF", String.join(" ", words));
        e.put("INFER_NATIVE_CACHE", nativeCache());
        Process p = pb.start();
        p.getOutputStream().close();
        return ProcessResult.await(p, SCRIPT_SECONDS, "scripts/spark-local");
    }

    /**
     * Starts {@link ClusterDriver} with infer's jar: one application (and one executor per worker) for many
     * jobs. Same Spark class path as the scripts' (read from scripts/lib/spark.sh), same driver settings as
     * scripts/spark-local's, plus the offline switches for the executors that InferJob's main would add.
     *
     * @param testJar the jar holding ClusterDriver (and the test gate), for the driver and the executors
     * @param conf    extra spark-submit words
     * @param env     extra environment of the driver
     */
    Driver driver(Path cwd, Path testJar, List<String> conf, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty("spark.argLine", "").trim().split("\\s+")));
        cmd.addAll(List.of("-Dai.djl.offline=true", "-cp", sparkClasspath(), "org.apache.spark.deploy.SparkSubmit",
                "--master", master,
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false",
                "--conf", "spark.executorEnv.INFER_NATIVE_CACHE=" + nativeCache()));
        for (Map.Entry<String, String> offline : OFFLINE.entrySet()) {
            cmd.addAll(List.of("--conf", "spark.executorEnv." + offline.getKey() + "=" + offline.getValue()));
        }
        cmd.addAll(conf);
        cmd.addAll(List.of("--jars", testJar.toString(), "--class", ClusterDriver.class.getName(), JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(OFFLINE);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("INFER_NATIVE_CACHE", nativeCache());
        pb.environment().putAll(env);
        return new Driver(pb.start());
    }

    private static final Map<String, String> OFFLINE = Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true",
            "ORT_DISABLE_TELEMETRY", "1", "TOKENIZERS_PARALLELISM", "false");

    /** The class path scripts/lib/spark.sh assembles (the first call may run Maven once). */
    private static String sparkClasspath() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source scripts/lib/spark.sh && spark_setup \"$PWD\" >&2"
                + " && printf %s \"$spark_cp\"");
        sparkVersion(pb.environment());
        Process p = pb.start();
        p.getOutputStream().close();
        ProcessResult r = ProcessResult.await(p, SCRIPT_SECONDS, "spark_setup");
        assertEquals(0, r.exitCode(), r.stderr());
        return r.stdout();
    }

    /** A running {@link ClusterDriver}: one job at a time. */
    static final class Driver implements AutoCloseable {
        private final Process process;
        private final PrintWriter jobs;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final StringBuffer stderr = new StringBuffer();
        private final String application;

        private Driver(Process process) throws Exception {
            this.process = process;
            this.jobs = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
            Thread out = new Thread(() -> lines(process.getInputStream(), answers::add), "cluster-driver-stdout");
            Thread err = new Thread(() -> lines(process.getErrorStream(), l -> stderr.append(l).append('\n')),
                    "cluster-driver-stderr");
            out.setDaemon(true);
            err.setDaemon(true);
            out.start();
            err.start();
            String ready = answer();
            assertTrue(ready.startsWith("ready "), ready);
            application = ready.substring("ready ".length()).strip();
        }

        String application() {
            return application;
        }

        Process process() {
            return process;
        }

        /** Everything the driver JVM wrote on stderr so far (Spark's log, infer's lines). */
        String stderr() {
            return stderr.toString();
        }

        /** Runs one InferJob in the application and waits for its answer. */
        ProcessResult run(String... args) throws Exception {
            send(args);
            return result();
        }

        /** Sends one job; {@link #result} waits for its answer. */
        void send(String... args) {
            for (String a : args) {
                assertFalse(a.contains("\t") || a.contains("\n"), a);
            }
            jobs.println(String.join("\t", args));
        }

        ProcessResult result() throws Exception {
            String[] parts = answer().split(" ", -1);
            assertEquals("result", parts[0], String.join(" ", parts));
            Base64.Decoder b64 = Base64.getDecoder();
            return new ProcessResult(Integer.parseInt(parts[1]), new String(b64.decode(parts[2]), StandardCharsets.UTF_8),
                    new String(b64.decode(parts[3]), StandardCharsets.UTF_8));
        }

        private String answer() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SCRIPT_SECONDS);
            while (System.nanoTime() < deadline) {
                String a = answers.poll(1, TimeUnit.SECONDS);
                if (a != null) {
                    return a;
                }
                if (!process.isAlive() && answers.isEmpty()) {
                    throw new AssertionError("the cluster driver exited (" + process.exitValue() + "): " + tail());
                }
            }
            throw new AssertionError("the cluster driver gave no answer within " + SCRIPT_SECONDS + " s: " + tail());
        }

        private String tail() {
            String s = stderr.toString();
            return s.substring(Math.max(0, s.length() - 4000));
        }

        /** Ends the application (stdin closed: the driver stops its session and exits). */
        @Override
        public void close() throws Exception {
            jobs.close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }

        private static void lines(InputStream in, java.util.function.Consumer<String> sink) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    sink.accept(l);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }
    }

    /** The stderr files of every executor a worker started for {@code application}. */
    List<Path> executorLogs(String application) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> works = Files.list(dir)) {
            for (Path work : works.filter(w -> w.getFileName().toString().startsWith("work-")).sorted().toList()) {
                Path app = work.resolve(application);
                if (Files.isDirectory(app)) {
                    try (Stream<Path> executors = Files.list(app)) {
                        executors.map(x -> x.resolve("stderr")).filter(Files::isRegularFile).sorted().forEach(logs::add);
                    }
                }
            }
        }
        return logs;
    }

    private static ProcessResult script(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("scripts/spark-cluster").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        sparkVersion(pb.environment());
        Process p = pb.start();
        p.getOutputStream().close();
        return ProcessResult.await(p, SCRIPT_SECONDS, "scripts/spark-cluster " + args[0]);
    }

    /** The Spark this build compiled against (a profile's, under -Pspark4 or -Pscala212). */
    private static void sparkVersion(Map<String, String> env) {
        String version = System.getProperty("infer.spark.version");
        String scala = System.getProperty("infer.spark.scala");
        if (version != null && scala != null) {
            env.put("INFER_SPARK_VERSION", version);
            env.put("INFER_SPARK_SCALA", scala);
        }
    }

    private static String nativeCache() {
        return JAR.getParent().resolve("xdg-cache").resolve("infer-spark").toString();
    }
}
