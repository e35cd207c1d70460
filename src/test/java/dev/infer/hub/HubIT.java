package dev.infer.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.testing.ProcessResult;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar against {@link FakeHub}: two {@code infer model pull}s at once into one cache, then a run by the
 * hub name with the hub gone gives the bytes of the same model as a folder; offline and missing names are one
 * sentence and exit 2.
 */
class HubIT {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Path JAR = Path.of(System.getProperty("infer.jar", "target/infer-0.1.0.jar")).toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void pulledOnceThenRunOfflineAsTheFolderRuns() throws Exception {
        Path folder = TinyModels.tokenEmbedder(tmp.resolve("folder"), TinyModels.Options.defaults()).dir();
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        Path in = Files.writeString(tmp.resolve("in.csv"), "id,text\n1,the kettle is great\n2,it broke in a week\n"
                + "3,\"naïve, café 🙂\"\n");
        Path cache = tmp.resolve("hub-cache");
        String endpoint;
        try (FakeHub hub = new FakeHub()) {
            hub.add("org/tiny", COMMIT, files, false);
            endpoint = hub.endpoint();
            Map<String, String> online = Map.of("HF_ENDPOINT", endpoint, "HF_HUB_CACHE", cache.toString());
            // two pulls at once: the lock per blob keeps the cache whole whichever gets there first
            Process a = start(online, "model", "pull", "org/tiny");
            Process b = start(online, "model", "pull", "org/tiny");
            ProcessResult ra = ProcessResult.await(a, 240, "pull a");
            ProcessResult rb = ProcessResult.await(b, 240, "pull b");
            assertEquals(0, ra.exitCode(), ra.stderr());
            assertEquals(0, rb.exitCode(), rb.stderr());
        }
        // the hub is gone: its port is closed, and a run must not need it
        Map<String, String> gone = Map.of("HF_ENDPOINT", endpoint, "HF_HUB_CACHE", cache.toString());
        ProcessResult byName = run(gone, "embed", "--model", "org/tiny", "--in", in.toString(), "-q");
        ProcessResult byFolder = run(gone, "embed", "--model", folder.toString(), "--in", in.toString(), "-q");
        assertEquals(0, byName.exitCode(), byName.stderr());
        assertEquals(0, byFolder.exitCode(), byFolder.stderr());
        assertEquals(byFolder.stdout(), byName.stdout(), "the pulled snapshot computes what the folder computes");
        assertEquals(4, byName.stdout().lines().count());

        ProcessResult missing = run(gone, "embed", "--model", "org/other", "--in", in.toString(), "-q");
        assertEquals(2, missing.exitCode(), missing.stderr());
        assertTrue(missing.stderr().contains("infer model pull org/other"), missing.stderr());
        assertEquals(1, missing.stderr().strip().lines().count(), missing.stderr());

        ProcessResult offline = run(Map.of("HF_ENDPOINT", endpoint, "HF_HUB_CACHE", cache.toString(),
                "HF_HUB_OFFLINE", "1"), "model", "pull", "org/other");
        assertEquals(2, offline.exitCode(), offline.stderr());
        assertTrue(offline.stderr().contains("HF_HUB_OFFLINE"), offline.stderr());
    }

    private static Process start(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true", "ORT_DISABLE_TELEMETRY", "1",
                "TOKENIZERS_PARALLELISM", "false"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static ProcessResult run(Map<String, String> env, String... args) throws Exception {
        return ProcessResult.await(start(env, args), 240, "infer");
    }
}
