package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile traffic on loopback with fixed, bounded loads, on the default settings: every request is answered with
 * its documented status, the process stays under its memory budget (docs/serve.md), /health answers while every
 * worker and tokenizer thread is held at a gate, and SIGTERM afterwards exits 0. Nothing here is timed: the held
 * work waits for the test to open its gate ({@link GatedTasks}; the Error comes from {@link SlowAndCrashingTasks}).
 */
class ServeHostileIT {
    /** The documented budget: peak RSS under this at 64 concurrent 2 MB requests. */
    static final long RSS_BUDGET = 1L << 30;
    private static final int CONCURRENT = 64;

    @TempDir Path tmp;

    @Test
    void hostileTrafficIsAnsweredWithinTheBudget() throws Exception {
        Gate gate = Gate.onText(tmp.resolve("gate"), "__hold_worker__").holdingTokenizing("__hold_tokenizer__");
        try (Served s = Served.start(gate, "--threads", "2")) {
            // 1. 64 concurrent ~2 MB bodies of unknown content: refused by the field's name, never built as a tree
            String bomb = "{\"inputs\": \"a\", \"x\": [" + "{},".repeat(650_000) + "{}]}";
            assertTrue(bomb.length() < 2_000_000);
            for (Served.Reply r : all(s, "/embed", bomb, CONCURRENT)) {
                assertEquals(422, r.status(), r.body());
                assertTrue(r.json().get("error").asText().startsWith("unknown field 'x'"), r.body());
            }

            // 2. long texts: cut to the character budget before tokenizing, on the tokenizer threads
            String longText = "word ".repeat(398_000);
            String oneLong = Served.JSON.writeValueAsString(java.util.Map.of("inputs", longText));
            for (Served.Reply r : all(s, "/embed", oneLong, 16)) {
                assertEquals(200, r.status(), r.body());
                assertEquals(384, r.json().get(0).size());
            }
            for (Served.Reply r : all(s, "/tokenize", oneLong, 16)) {
                assertEquals(200, r.status());
                int tokens = r.json().get(0).size();
                assertEquals(256 * 250 / 5 + 2, tokens, "64,000 characters of 'word ' plus [CLS] and [SEP]");
            }
            long peak = s.peakRss();
            assertTrue(peak < RSS_BUDGET, "peak RSS " + peak / (1 << 20) + " MB, budget " + (RSS_BUDGET >> 20) + " MB");
            System.out.println("ServeHostileIT: peak RSS after the bodies and long texts: " + peak / (1 << 20) + " MB");

            // 3. an Error in a handler: 500, counted, logged without the text, every counter back to zero
            Served.Reply oom = s.post("/embed", "{\"inputs\": [\"__oom__\"]}");
            assertEquals(500, oom.status(), oom.body());
            assertEquals(1, s.metric("infer_internal_errors_total{kind=\"OutOfMemoryError\"}"));
            s.awaitLine("infer: internal error on POST /embed: OutOfMemoryError", 30);
            assertTrue(s.stderr.stream().noneMatch(l -> l.contains("__oom__")), "the text reached the log");
            assertEquals(0, s.metric("infer_inputs_in_flight"));

            // 4. every worker and every tokenizer thread held: /health, /ready and /metrics still answer
            List<CompletableFuture<Served.Reply>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(s.postAsync("/embed", "{\"inputs\": [\"__hold_worker__\"]}"));
            }
            s.awaitMetric("infer_workers_busy", 2, 60);
            for (int i = 0; i < 2; i++) {
                held.add(s.postAsync("/embed", "{\"inputs\": [\"__hold_tokenizer__\"]}"));
            }
            s.awaitMetric("infer_tokenizers_busy", 2, 60);
            held.add(s.postAsync("/tokenize", "{\"inputs\": \"queued behind the held tokenizers\"}"));
            for (int i = 0; i < 20; i++) {
                assertEquals(200, s.get("/health").status());
                assertEquals(200, s.get("/ready").status());
            }
            assertEquals(2, s.metric("infer_workers_busy"));
            assertEquals(2, s.metric("infer_tokenizers_busy"));
            gate.open();
            for (CompletableFuture<Served.Reply> f : held) {
                assertEquals(200, f.get(120, TimeUnit.SECONDS).status());
            }

            // 5. a client trickling a body does not hold the shutdown: SIGTERM exits 0
            try (Socket trickle = new Socket("127.0.0.1", s.port)) {
                OutputStream out = trickle.getOutputStream();
                out.write(("POST /embed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"inputs\": \"never fin").getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertEquals(200, s.get("/health").status()); // the server saw it; it is not in flight
                new ProcessBuilder("kill", "-TERM", Long.toString(s.process.pid())).start().waitFor();
                assertTrue(s.process.waitFor(60, TimeUnit.SECONDS), "the server did not exit");
                assertEquals(0, s.process.exitValue(), String.join("\n", s.stderr));
            }
        }
    }

    private static List<Served.Reply> all(Served s, String path, String body, int n) throws Exception {
        List<CompletableFuture<Served.Reply>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(s.postAsync(path, body));
        }
        List<Served.Reply> out = new ArrayList<>();
        for (CompletableFuture<Served.Reply> f : sent) {
            out.add(f.get(300, TimeUnit.SECONDS));
        }
        return out;
    }
}
