package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The serve limits that need slow or crashing work, made deterministic with the test-only task wrapper
 * ({@link SlowAndCrashingTasks}, on the class path only here): admission, timeouts, worker death, drain.
 * One server, one test, in order: each step leaves the server idle for the next.
 */
class ServeLimitsIT {

    @Test
    void admissionTimeoutWorkerDeathAndDrain() throws Exception {
        try (Served s = Served.start(true, "--threads", "2", "--max-queued-inputs", "20", "--request-timeout", "1500ms",
                "--grace", "20s")) {
            // 1. 20 slow inputs fill the queue (2 workers x 250 ms each: 2.5 s > the 1.5 s timeout)
            CompletableFuture<Served.Reply> full = s.postAsync("/embed", Served.inputs(Collections.nCopies(20, "__slow__")));
            s.awaitMetric("infer_inputs_in_flight", 20, 30);
            // exactly the requests past the limit are refused, whole, with Retry-After
            List<CompletableFuture<Served.Reply>> more = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                more.add(s.postAsync("/embed", "{\"inputs\": [\"one more\"]}"));
            }
            int refused = 0;
            for (CompletableFuture<Served.Reply> f : more) {
                Served.Reply r = f.get(30, TimeUnit.SECONDS);
                if (r.status() == 429) {
                    refused++;
                    assertEquals("1", r.raw().headers().firstValue("Retry-After").orElse(null));
                    assertEquals("Overloaded", r.json().get("error_type").asText());
                }
            }
            assertEquals(5, refused);
            assertEquals(5, s.metric("infer_inputs_rejected_total"));

            // 2. the timeout answers 504 and the request's queued inputs never start
            Served.Reply timedOut = full.get(30, TimeUnit.SECONDS);
            assertEquals(504, timedOut.status(), timedOut.body());
            assertEquals("Timeout", timedOut.json().get("error_type").asText());
            s.awaitMetric("infer_inputs_dropped_total", 1, 30);
            awaitIdle(s);
            double ran = s.metric("infer_inputs_inferred_total");
            double dropped = s.metric("infer_inputs_dropped_total");
            assertEquals(20, ran + dropped, "every input either ran or was dropped");
            assertTrue(ran <= 10, ran + " of 20 inputs ran in a 1.5 s timeout at 2 x 250 ms");
            double before = ran;

            // 3. a row that kills its worker twice: 500 naming why, the workers replaced, the server up
            Served.Reply crash = s.post("/embed", "{\"inputs\": [\"__crash__\"]}");
            assertEquals(500, crash.status(), crash.body());
            assertTrue(crash.json().get("error").asText().contains("worker crashed on this row's batch 2 times"),
                    crash.body());
            assertEquals(2, s.metric("infer_worker_restarts"));
            assertEquals(200, s.post("/embed", "{\"inputs\": [\"still serving\"]}").status());
            assertTrue(s.metric("infer_inputs_inferred_total") > before);

            // 4. SIGTERM: in flight finishes, new requests and /ready get 503, exit 0
            CompletableFuture<Served.Reply> inFlight = s.postAsync("/embed", Served.inputs(Collections.nCopies(4, "__slow__")));
            s.awaitMetric("infer_inputs_in_flight", 4, 30);
            // kill(1), not Process.destroy(): destroy() also closes our end of the server's stderr
            new ProcessBuilder("kill", "-TERM", Long.toString(s.process.pid())).start().waitFor();
            s.awaitLine("infer: shutting down", 30);
            assertEquals(503, s.get("/ready").status());
            Served.Reply refusedLate = s.post("/embed", "{\"inputs\": [\"too late\"]}");
            assertEquals(503, refusedLate.status(), refusedLate.body());
            Served.Reply finished = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, finished.status(), finished.body());
            assertEquals(4, finished.json().size());
            assertTrue(s.process.waitFor(30, TimeUnit.SECONDS), "the server did not exit after draining");
            assertEquals(0, s.process.exitValue(), String.join("\n", s.stderr));
            for (String line : new ArrayList<>(s.stderr)) {
                assertTrue(!line.contains("__slow__") && !line.contains("still serving"), "request text in logs: " + line);
            }
        }
    }

    /** SIGTERM with work left past the grace period: that work is cancelled (503) and the exit code is 143. */
    @Test
    void aShutdownWhoseGraceRunsOutCancelsAndExits143() throws Exception {
        try (Served s = Served.start(true, "--threads", "2", "--grace", "300ms")) {
            CompletableFuture<Served.Reply> slow = s.postAsync("/embed", Served.inputs(Collections.nCopies(20, "__slow__")));
            s.awaitMetric("infer_inputs_in_flight", 20, 30);
            new ProcessBuilder("kill", "-TERM", Long.toString(s.process.pid())).start().waitFor();
            Served.Reply cancelled = slow.get(30, TimeUnit.SECONDS);
            assertEquals(503, cancelled.status(), cancelled.body());
            assertTrue(s.process.waitFor(30, TimeUnit.SECONDS), "the server did not exit after the grace period");
            assertEquals(143, s.process.exitValue(), String.join("\n", s.stderr));
        }
    }

    private static void awaitIdle(Served s) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.metric("infer_inputs_in_flight") > 0 || s.metric("infer_workers_busy") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not become idle");
            }
            Thread.onSpinWait();
        }
    }
}
