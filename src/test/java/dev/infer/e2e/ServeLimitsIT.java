package dev.infer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve limits that need held or crashing work, made deterministic with the test-only task hooks (on
 * the class path only here): inputs with the text {@value #HOLD} wait at a {@link Gate} that the test opens
 * ({@link GatedTasks}), {@code __crash__} kills its worker ({@link SlowAndCrashingTasks}). Every step waits
 * on an event (a held call, a metric, a log line), never on a timer: admission, /health while every worker
 * is busy, timeouts, worker death, drain.
 */
class ServeLimitsIT {
    private static final String HOLD = "__hold__";

    @TempDir
    Path dir;

    @Test
    void admissionHealthWorkerDeathAndDrain() throws Exception {
        Gate gate = Gate.onText(dir.resolve("gate"), HOLD);
        try (Served s = Served.start(gate, "--threads", "2", "--max-queued-inputs", "20", "--grace", "20s")) {
            // 1. 20 held inputs: both workers held at the gate, the other 18 queued, the limit reached
            CompletableFuture<Served.Reply> full = s.postAsync("/embed", Served.inputs(Collections.nCopies(20, HOLD)));
            gate.awaitHeld(2, s.process);
            s.awaitMetric("infer_inputs_in_flight", 20, 30);
            // /health, /ready and /metrics answer on their own threads while no worker is free: an HTTP thread
            // that ran inference would be held too, and these would never answer
            for (int i = 0; i < 20; i++) {
                assertEquals(200, s.get("/health").status());
                assertEquals(200, s.get("/ready").status());
            }
            assertEquals(2, s.metric("infer_workers_busy"));
            // exactly the requests past the limit are refused, whole, with Retry-After
            List<CompletableFuture<Served.Reply>> more = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                more.add(s.postAsync("/embed", "{\"inputs\": [\"one more\"]}"));
            }
            for (CompletableFuture<Served.Reply> f : more) {
                Served.Reply r = f.get(60, TimeUnit.SECONDS);
                assertEquals(429, r.status(), r.body());
                assertEquals("1", r.raw().headers().firstValue("Retry-After").orElse(null));
                assertEquals("Overloaded", r.json().get("error_type").asText());
            }
            assertEquals(5, s.metric("infer_inputs_rejected_total"));
            gate.open();
            Served.Reply done = full.get(60, TimeUnit.SECONDS);
            assertEquals(200, done.status(), done.body());
            assertEquals(20, done.json().size());
            awaitIdle(s);
            gate.close();
            double before = s.metric("infer_inputs_inferred_total");

            // 2. a row that kills its worker twice: 500 naming why, the workers replaced, the server up
            Served.Reply crash = s.post("/embed", "{\"inputs\": [\"__crash__\"]}");
            assertEquals(500, crash.status(), crash.body());
            assertTrue(crash.json().get("error").asText().contains("worker crashed on this row's batch 2 times"),
                    crash.body());
            assertEquals(2, s.metric("infer_worker_restarts"));
            assertEquals(200, s.post("/embed", "{\"inputs\": [\"still serving\"]}").status());
            assertTrue(s.metric("infer_inputs_inferred_total") > before);

            // 3. SIGTERM: in flight finishes, new requests and /ready get 503, exit 0
            CompletableFuture<Served.Reply> inFlight = s.postAsync("/embed", Served.inputs(Collections.nCopies(4, HOLD)));
            gate.awaitHeld(4, s.process); // held-3 and held-4: both workers hold one again
            s.awaitMetric("infer_inputs_in_flight", 4, 30);
            Infer.signal(s.process, "TERM");
            s.awaitLine("infer: shutting down", 30);
            assertEquals(503, s.get("/ready").status());
            Served.Reply refusedLate = s.post("/embed", "{\"inputs\": [\"too late\"]}");
            assertEquals(503, refusedLate.status(), refusedLate.body());
            gate.open();
            Served.Reply finished = inFlight.get(60, TimeUnit.SECONDS);
            assertEquals(200, finished.status(), finished.body());
            assertEquals(4, finished.json().size());
            assertTrue(s.process.waitFor(60, TimeUnit.SECONDS), "the server did not exit after draining");
            assertEquals(0, s.process.exitValue(), String.join("\n", s.stderr));
            for (String line : new ArrayList<>(s.stderr)) {
                assertTrue(!line.contains(HOLD) && !line.contains("still serving"), "request text in logs: " + line);
            }
        }
    }

    /** The gate never opens, so only the request timeout can answer: 504, and its queued inputs never start. */
    @Test
    void aRequestPastItsTimeoutIs504AndItsInputsAreDropped() throws Exception {
        Gate gate = Gate.onText(dir.resolve("gate"), HOLD);
        try (Served s = Served.start(gate, "--threads", "2", "--request-timeout", "1500ms")) {
            Served.Reply timedOut = s.post("/embed", Served.inputs(Collections.nCopies(20, HOLD)));
            assertEquals(504, timedOut.status(), timedOut.body());
            assertEquals("Timeout", timedOut.json().get("error_type").asText());
            awaitIdle(s); // the two held calls were cancelled, not left running
            assertEquals(0, s.metric("infer_inputs_inferred_total"));
            assertEquals(20, s.metric("infer_inputs_dropped_total"), "every input was dropped, none ran");
            assertEquals(200, s.post("/embed", "{\"inputs\": [\"next\"]}").status(), "the workers are free again");
        }
    }

    /** SIGTERM with work that cannot finish: when the grace runs out it is cancelled (503) and the exit is 143. */
    @Test
    void aShutdownWhoseGraceRunsOutCancelsAndExits143() throws Exception {
        Gate gate = Gate.onText(dir.resolve("gate"), HOLD);
        try (Served s = Served.start(gate, "--threads", "2", "--grace", "300ms")) {
            CompletableFuture<Served.Reply> held = s.postAsync("/embed", Served.inputs(Collections.nCopies(20, HOLD)));
            gate.awaitHeld(2, s.process);
            s.awaitMetric("infer_inputs_in_flight", 20, 30);
            Infer.signal(s.process, "TERM");
            Served.Reply cancelled = held.get(60, TimeUnit.SECONDS);
            assertEquals(503, cancelled.status(), cancelled.body());
            assertTrue(s.process.waitFor(60, TimeUnit.SECONDS), "the server did not exit after the grace period");
            assertEquals(143, s.process.exitValue(), String.join("\n", s.stderr));
        }
    }

    /** Waits until no input is in flight and no worker busy; the bound only fails loudly. */
    private static void awaitIdle(Served s) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (s.metric("infer_inputs_in_flight") > 0 || s.metric("infer_workers_busy") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server did not become idle");
            }
            Thread.sleep(10);
        }
    }
}
