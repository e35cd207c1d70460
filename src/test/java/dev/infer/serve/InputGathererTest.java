package dev.infer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.RunStats;
import dev.infer.pipeline.WorkItem;
import dev.infer.pipeline.WorkerPool;
import dev.infer.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-request batching, with a fake task whose first call waits at a gate the test opens: which inputs
 * share a call is then decided by the order of events the test makes happen, never by timing. The
 * gathering window runs on a clock and timer the test moves by hand.
 */
class InputGathererTest {
    private static final Duration WAIT = Duration.ofSeconds(60); // generous: only a broken gatherer waits this long

    /** Texts look like "a1:3" (3 tokens); every call's texts are recorded; the first call waits at the gate. */
    static final class GatedTask implements Task {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final Map<Long, String> texts = new ConcurrentHashMap<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicBoolean firstCall = new AtomicBoolean(true);
        final AtomicBoolean sawCancel = new AtomicBoolean();
        private final AtomicLong ids = new AtomicLong();

        @Override
        public dev.infer.task.ResultSchema schema() {
            return dev.infer.task.ResultSchema.of(new dev.infer.task.ResultField("text", dev.infer.task.ResultType.TEXT));
        }

        @Override
        public Encoded encode(String text) {
            long id = ids.incrementAndGet();
            texts.put(id, text);
            int n = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            long[] t = new long[n];
            t[0] = id;
            return new Encoded(t, new long[n], false);
        }

        @Override
        public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
            List<String> call = new ArrayList<>();
            for (Encoded e : rows) {
                call.add(texts.get(e.ids()[0]));
            }
            calls.add(call);
            if (firstCall.getAndSet(false)) {
                entered.countDown();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!gate.await(10, TimeUnit.MILLISECONDS)) { // waits for the test, or for a cancel
                    if (cancel.cancelled()) {
                        sawCancel.set(true);
                        throw new IllegalStateException("cancelled");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the test never opened the gate");
                    }
                }
            }
            List<Object[]> out = new ArrayList<>();
            for (String t : call) {
                out.add(new Object[] {t});
            }
            return out;
        }
    }

    /** One request's inputs as the service hands them over, and what became of each. */
    static final class Request {
        final List<InputGatherer.Input> inputs = new ArrayList<>();
        final Map<String, String> answers = new ConcurrentHashMap<>();
        final List<String> droppedInputs = new CopyOnWriteArrayList<>();
        final AtomicBoolean ended = new AtomicBoolean();
        final CountDownLatch done;

        Request(BatchRunner runner, String... texts) {
            done = new CountDownLatch(texts.length);
            for (int i = 0; i < texts.length; i++) {
                String text = texts[i];
                WorkItem item = runner.encode(Row.ok(i, i + 1, null, text));
                inputs.add(new InputGatherer.Input(item, new InputGatherer.Sink() {
                    @Override
                    public boolean gone() {
                        return ended.get();
                    }

                    @Override
                    public void answered(RowOutcome o) {
                        answers.put(text, o.failed() ? "failed: " + o.error() : (String) o.values()[0]);
                        done.countDown();
                    }

                    @Override
                    public void dropped() {
                        droppedInputs.add(text);
                        done.countDown();
                    }
                }));
            }
        }

        void await() throws InterruptedException {
            assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS), "every input was answered or dropped");
        }
    }

    private final GatedTask task = new GatedTask();
    private WorkerPool pool;

    private BatchRunner runner(int rowsPerCall, int maxBatchTokens) {
        BatchRunner r = new BatchRunner(task, rowsPerCall, maxBatchTokens, new RunStats());
        pool = new WorkerPool(r, 1, 16, null, "gather-test");
        return r;
    }

    private InputGatherer gatherer(BatchRunner r, int rowsPerCall, int maxBatchTokens) {
        return new InputGatherer(pool, 1, rowsPerCall, maxBatchTokens, Duration.ZERO, (nanos, t) -> {
            throw new AssertionError("no window, no wake-up");
        }, System::nanoTime, (q, i, n) -> { });
    }

    @AfterEach
    void closePool() {
        task.gate.countDown();
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void inputsOfRequestsThatArriveWhileTheWorkerIsBusyShareItsNextCall() throws Exception {
        BatchRunner r = runner(8, 1000);
        InputGatherer g = gatherer(r, 8, 1000);
        Request a = new Request(r, "a1:3", "a2:3");
        g.add(r, a.inputs);
        assertTrue(task.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "a's call started");
        Request b = new Request(r, "b1:4", "b2:4", "b3:4");
        Request c = new Request(r, "c1:4", "c2:4");
        g.add(r, b.inputs);
        g.add(r, c.inputs);
        task.gate.countDown();
        a.await();
        b.await();
        c.await();
        assertEquals(List.of(List.of("a1:3", "a2:3"), List.of("b1:4", "b2:4", "b3:4", "c1:4", "c2:4")), task.calls);
        assertEquals(Map.of("b1:4", "b1:4", "b2:4", "b2:4", "b3:4", "b3:4"), b.answers, "each answer to its input");
        assertEquals(Map.of("c1:4", "c1:4", "c2:4", "c2:4"), c.answers);
    }

    @Test
    void aSharedCallHoldsNoMoreRowsOrPaddedTokensThanAllowedAndLittlePadding() throws Exception {
        BatchRunner r = runner(3, 12);
        InputGatherer g = gatherer(r, 3, 12);
        Request a = new Request(r, "a1:1");
        g.add(r, a.inputs);
        assertTrue(task.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        Request b = new Request(r, "b1:2", "b2:2", "b3:2", "b4:2"); // rows: 3 at most
        Request c = new Request(r, "c1:4", "c2:4", "c3:4", "c4:2"); // tokens: rows x longest <= 12
        Request d = new Request(r, "d1:10", "d2:3", "d3:9");         // padding: at least 85% real tokens
        g.add(r, b.inputs);
        g.add(r, c.inputs);
        g.add(r, d.inputs);
        task.gate.countDown();
        a.await();
        b.await();
        c.await();
        d.await();
        // each call starts with the oldest input; later ones join in arrival order while they fit
        assertEquals(List.of(List.of("a1:1"), List.of("b1:2", "b2:2", "b3:2"), List.of("b4:2", "c4:2"),
                List.of("c1:4", "c2:4", "c3:4"), List.of("d1:10"), List.of("d2:3"), List.of("d3:9")), task.calls);
    }

    @Test
    void inputsOfARequestThatEndedNeverStartAndACallNoOneWaitsForIsCancelled() throws Exception {
        BatchRunner r = runner(8, 1000);
        InputGatherer g = gatherer(r, 8, 1000);
        Request a = new Request(r, "a1:2");
        g.add(r, a.inputs);
        assertTrue(task.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        Request b = new Request(r, "b1:2", "b2:2");
        Request c = new Request(r, "c1:2");
        g.add(r, b.inputs);
        g.add(r, c.inputs);
        b.ended.set(true); // timed out while waiting
        a.ended.set(true); // and a's client left during its call
        g.requestEnded();
        a.await();
        b.await();
        c.await();
        assertTrue(task.sawCancel.get(), "the running call was cancelled");
        assertEquals(List.of("b1:2", "b2:2"), b.droppedInputs, "never run");
        assertEquals(List.of(List.of("a1:2"), List.of("c1:2")), task.calls);
        assertEquals(Map.of("c1:2", "c1:2"), c.answers);
    }

    @Test
    void withAWorkerFreeInputsWaitTheWindowForCompanyButAFullCallGoesAtOnce() throws Exception {
        BatchRunner r = runner(4, 1000);
        task.gate.countDown(); // no call waits in this test
        AtomicLong now = new AtomicLong();
        List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
        List<Long> delays = new CopyOnWriteArrayList<>();
        InputGatherer g = new InputGatherer(pool, 1, 4, 1000, Duration.ofMillis(2), (nanos, t) -> {
            delays.add(nanos);
            wakeUps.add(t);
        }, now::get, (q, i, n) -> { });
        Request a = new Request(r, "a1:1");
        g.add(r, a.inputs);
        assertEquals(List.of(2_000_000L), delays, "waits for company");
        assertEquals(List.of(), task.calls);
        now.addAndGet(1_500_000);
        Request b = new Request(r, "b1:1");
        g.add(r, b.inputs);
        assertEquals(1, wakeUps.size(), "one wake-up at a time");
        now.addAndGet(500_000); // the window of a's input is over
        wakeUps.get(0).run();
        a.await();
        b.await();
        assertEquals(List.of(List.of("a1:1", "b1:1")), task.calls);

        Request full = new Request(r, "f1:1", "f2:1", "f3:1", "f4:1", "f5:1");
        g.add(r, full.inputs); // four fill a call: it goes at once; the fifth then waits for company
        awaitTrue(() -> wakeUps.size() == 2, "the fifth input's wake-up");
        assertEquals(List.of("f1:1", "f2:1", "f3:1", "f4:1"), task.calls.get(1));
        assertEquals(2, task.calls.size());
        assertEquals(2_000_000L, delays.get(1));
        now.addAndGet(2_000_000);
        wakeUps.get(1).run();
        full.await();
        assertEquals(List.of("f5:1"), task.calls.get(2));
    }

    /** Waits for something a worker thread does; the bound only fails loudly, it never decides anything. */
    private static void awaitTrue(java.util.function.BooleanSupplier event, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!event.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void closingDropsWhatWaitsAndRefusesWhatComesLater() throws Exception {
        BatchRunner r = runner(8, 1000);
        InputGatherer g = gatherer(r, 8, 1000);
        Request a = new Request(r, "a1:2");
        g.add(r, a.inputs);
        assertTrue(task.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        Request b = new Request(r, "b1:2");
        g.add(r, b.inputs);
        g.close();
        b.await();
        assertEquals(List.of("b1:2"), b.droppedInputs);
        a.await(); // its call was cancelled: the input is dropped or failed, never lost
        assertTrue(task.sawCancel.get(), "the running call was cancelled");
        assertFalse("a1:2".equals(a.answers.get("a1:2")), "no answer from a cancelled call: " + a.answers);
        Request later = new Request(r, "l1:1");
        g.add(r, later.inputs);
        later.await();
        assertEquals(List.of("l1:1"), later.droppedInputs);
    }

    @Test
    void onlyModelsWhoseAnswersDoNotDependOnBatchMatesGatherAcrossRequests() {
        assertFalse(InferenceService.gathersAcrossRequests(true, 1), "the int8 default: one input per call");
        assertFalse(InferenceService.gathersAcrossRequests(true, 32), "batch-sensitive with --batch-size: never");
        assertFalse(InferenceService.gathersAcrossRequests(false, 1), "one input per call asked for");
        assertTrue(InferenceService.gathersAcrossRequests(false, 32));
    }
}
