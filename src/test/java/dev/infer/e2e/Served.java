package dev.infer.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One {@code infer serve} process on a free loopback port, with a client for it. */
final class Served implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final int port;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<String> stderr = java.util.Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private Served(Process process) throws Exception {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "served-stderr");
        reader.setDaemon(true);
        reader.start();
        String first = lines.poll(120, TimeUnit.SECONDS);
        if (first == null || !first.startsWith("listening on http://127.0.0.1:")) {
            process.destroyForcibly();
            throw new AssertionError("first stderr line: " + first);
        }
        port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
        awaitLine("infer: ready", 120);
    }

    /** The real jar; with {@code testHooks}, the test classes too (the slow/crash task wrapper). */
    static Served start(boolean testHooks, String... args) throws Exception {
        return start(testHooks, (Gate) null, args);
    }

    /** The real jar with the test hooks, its model calls held at {@code gate}. */
    static Served start(Gate gate, String... args) throws Exception {
        return start(true, gate, args);
    }

    private static Served start(boolean testHooks, Gate gate, String... args) throws Exception {
        List<String> serve = new ArrayList<>(List.of("serve", "--port", "0"));
        serve.addAll(List.of(args));
        String[] all = serve.toArray(new String[0]);
        ProcessBuilder pb = new ProcessBuilder(testHooks ? Infer.hookedCommand(all) : Infer.command(all))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (gate != null) {
            gate.configure(pb.environment());
        }
        Infer.offlineEnvironment(pb.environment());
        return new Served(pb.start());
    }

    String awaitLine(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (stderr) {
            for (String l : stderr) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
        }
        while (System.nanoTime() < deadline) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no stderr line starting '" + prefix + "' in " + seconds + " s: " + stderr);
    }

    Reply get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }

    Reply post(String path, String body) throws Exception {
        return postAsync(path, body).join();
    }

    java.util.concurrent.CompletableFuture<Reply> postAsync(String path, String body) {
        HttpRequest req = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Reply(r.statusCode(), r.body(), r));
    }

    /** Posts raw bytes with the given Content-Type. */
    Reply postBytes(String path, byte[] body, String contentType) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body(), r);
    }

    /** Posts and throws the answer away (load generation: no parsing on the client's cores). */
    int postDiscarding(String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The server process's peak resident memory so far (VmHWM), in bytes. */
    long peakRss() throws Exception {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmHWM in /proc/" + process.pid() + "/status");
    }

    /** A sample's value from /metrics (0 when absent). */
    double metric(String sample) throws Exception {
        for (String line : get("/metrics").body().lines().toList()) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }

    /** Polls /metrics until {@code sample} reaches {@code value}. */
    void awaitMetric(String sample, double value, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        double now;
        while ((now = metric(sample)) < value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sample + " stayed at " + now + ", expected " + value);
            }
            Thread.onSpinWait();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String inputs(List<String> texts) throws Exception {
        return JSON.writeValueAsString(java.util.Map.of("inputs", texts));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
