package dev.infer.e2e;

import dev.infer.testing.ProcessResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infer never touches the network: a full classify run inside an empty network namespace, traced,
 * attempts no IP connection at all (DJL and ONNX Runtime would, without the offline switches).
 */
class OfflineIT {
    @TempDir
    Path dir;

    @Test
    void aRunMakesNoNetworkConnection() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
                "needs strace and unshare");
        assumeTrue(new ProcessBuilder("unshare", "-n", "true").start().waitFor() == 0, "needs permission to unshare");
        Path trace = dir.resolve("trace.log");
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "strace", "-f", "-e", "trace=connect,sendto",
                "-o", trace.toString()));
        cmd.addAll(Infer.command("classify", "--in", "samples/reviews.csv", "--out-format", "jsonl", "-q"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Infer.offlineEnvironment(pb.environment());
        ProcessResult r = Infer.finish(pb.start(), 240);

        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(20, r.lines().size(), "the 20 sample rows");
        List<String> ip = Files.readAllLines(trace).stream()
                .filter(l -> l.contains("AF_INET") || l.contains("AF_INET6")).toList();
        assertTrue(ip.isEmpty(), "network attempts: " + ip);
    }
}
