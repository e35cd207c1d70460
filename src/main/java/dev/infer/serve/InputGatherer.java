package dev.infer.serve;

import dev.infer.io.Row;
import dev.infer.model.Encoded;
import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.CallShape;
import dev.infer.pipeline.CancelScope;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.WorkItem;
import dev.infer.pipeline.WorkUnit;
import dev.infer.pipeline.WorkerPool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Puts the inputs of different requests into shared model calls, for models whose answers do not depend on
 * their batch-mates (float models; never the batch-sensitive int8 ones, whose every input runs alone so its
 * answer is the CLI's to the bit). TEI-style continuous batching: at most {@code maxUnits} calls are queued
 * or running at once (one per worker), and inputs that arrive meanwhile wait here; the moment a call ends,
 * the next is made from the oldest waiting inputs, up to {@code rowsPerCall} inputs and {@code
 * maxBatchTokens} padded tokens, of lengths close enough that little of the call is padding. With a
 * gathering window, a free worker waits at most that long for company when the waiting inputs would not
 * fill a call (infer serves with none: under load no worker is free, and below it waiting only adds latency).
 *
 * <p>An input whose request already ended (timeout, shutdown, the client left) never starts; a running call
 * whose every request ended is cancelled inside ONNX Runtime. Concurrency: {@link #add} from any thread;
 * completions on worker threads, the window on the timer's thread; callbacks run outside the lock.
 */
final class InputGatherer {
    /** Where one input's answer goes. */
    interface Sink {
        /** Its request ended: an input not started yet is dropped instead. */
        boolean gone();

        /** Its outcome, on a worker thread. */
        void answered(RowOutcome outcome);

        /** It was never run (its request ended, a shutdown, a full queue). */
        void dropped();
    }

    /** Per call: its queue and inference time, and how many inputs it ran. */
    interface CallMetrics {
        void call(double queueSeconds, double inferenceSeconds, int inputs);
    }

    /** Runs a task once, later (the service's timer thread; tests run it when they choose). */
    interface Timer {
        void after(long nanos, Runnable task);
    }

    /** One tokenized input and where its answer goes. */
    record Input(WorkItem item, Sink sink) {
    }

    private record Waiting(Input input, long arrived, long order) {
    }

    /** The least share of a call's padded tokens that are real ones, for an input to join it. */
    static final double MIN_PADDING_EFFICIENCY = 0.85;

    private final WorkerPool pool;
    private final int maxUnits;
    private final int rowsPerCall;
    private final int maxBatchTokens;
    private final long windowNanos;
    private final Timer timer;
    private final LongSupplier clock;
    private final CallMetrics metrics;

    private final Map<BatchRunner, ArrayDeque<Waiting>> waiting = new LinkedHashMap<>();
    private final Set<Call> inFlight = new HashSet<>();
    private long arrivals;
    private boolean wakeUpPending;
    private boolean closed;

    /**
     * @param maxUnits the calls queued or running at once: the workers (more would wait in the pool's queue,
     *                 where later inputs cannot join them)
     * @param window   how long inputs may wait for company while a worker is free (0: never)
     * @param clock    nanoseconds for the window ({@link System#nanoTime}; tests pass their own)
     */
    InputGatherer(WorkerPool pool, int maxUnits, int rowsPerCall, int maxBatchTokens, java.time.Duration window,
                  Timer timer, LongSupplier clock, CallMetrics metrics) {
        if (maxUnits < 1 || rowsPerCall < 1 || maxBatchTokens < 1) {
            throw new IllegalArgumentException("gathering limits must be at least 1");
        }
        this.pool = pool;
        this.maxUnits = maxUnits;
        this.rowsPerCall = rowsPerCall;
        this.maxBatchTokens = maxBatchTokens;
        this.windowNanos = window.toNanos();
        this.timer = timer;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Queues one request's tokenized inputs for {@code runner}'s task (inputs that failed to tokenize too). */
    void add(BatchRunner runner, List<Input> inputs) {
        boolean refused;
        synchronized (this) {
            refused = closed;
            if (!refused) {
                long now = clock.getAsLong();
                ArrayDeque<Waiting> queue = waiting.computeIfAbsent(runner, r -> new ArrayDeque<>());
                for (Input in : inputs) {
                    queue.add(new Waiting(in, now, arrivals++));
                }
            }
        }
        if (refused) {
            inputs.forEach(in -> in.sink().dropped());
            return;
        }
        dispatch();
    }

    /** Inputs waiting for a call (a metric). */
    synchronized int waitingInputs() {
        int n = 0;
        for (ArrayDeque<Waiting> q : waiting.values()) {
            n += q.size();
        }
        return n;
    }

    /** A request ended early: cancels the running calls that only it (and other ended requests) still wait for. */
    void requestEnded() {
        List<Call> abandoned = new ArrayList<>();
        synchronized (this) {
            for (Call c : inFlight) {
                if (c.inputs.stream().allMatch(in -> in.sink().gone())) {
                    abandoned.add(c);
                }
            }
        }
        abandoned.forEach(c -> c.scope.cancel());
    }

    /** Shutdown: waiting inputs are dropped, running calls cancelled; later inputs are dropped at once. */
    void close() {
        List<Waiting> dropped = new ArrayList<>();
        List<Call> running;
        synchronized (this) {
            closed = true;
            waiting.values().forEach(dropped::addAll);
            waiting.clear();
            running = List.copyOf(inFlight);
        }
        dropped.forEach(w -> w.input().sink().dropped());
        running.forEach(c -> c.scope.cancel());
    }

    /** Makes calls while there are free workers and inputs ready to go; hands them to the pool. */
    private void dispatch() {
        List<Input> dropped = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        synchronized (this) {
            while (!closed && inFlight.size() < maxUnits) {
                BatchRunner ready = null;
                long readyOrder = Long.MAX_VALUE;
                long soonest = Long.MAX_VALUE;
                long now = clock.getAsLong();
                for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<BatchRunner, ArrayDeque<Waiting>> e = it.next();
                    ArrayDeque<Waiting> queue = e.getValue();
                    dropGone(queue, dropped);
                    if (queue.isEmpty()) {
                        it.remove();
                        continue;
                    }
                    Waiting head = queue.peekFirst();
                    long waited = now - head.arrived();
                    if (fills(queue) || waited >= windowNanos) {
                        if (head.order() < readyOrder) { // the oldest input first, whatever its task
                            readyOrder = head.order();
                            ready = e.getKey();
                        }
                    } else {
                        soonest = Math.min(soonest, windowNanos - waited);
                    }
                }
                if (ready == null) {
                    if (soonest != Long.MAX_VALUE) {
                        wakeUpIn(soonest);
                    }
                    break;
                }
                ArrayDeque<Waiting> queue = waiting.get(ready);
                Call call = take(ready, queue, dropped);
                if (queue.isEmpty()) {
                    waiting.remove(ready);
                }
                inFlight.add(call);
                calls.add(call);
            }
        }
        dropped.forEach(in -> in.sink().dropped());
        for (Call call : calls) {
            if (!pool.offer(call.unit())) { // room for every worker's call: only a pool that is closing refuses
                call.finished(List.of());
            }
        }
    }

    private static void dropGone(ArrayDeque<Waiting> queue, List<Input> dropped) {
        queue.removeIf(w -> {
            boolean gone = w.input().sink().gone();
            if (gone) {
                dropped.add(w.input());
            }
            return gone;
        });
    }

    /** Whether the waiting inputs make a full call (by rows or by padded tokens). */
    private boolean fills(ArrayDeque<Waiting> queue) {
        CallShape shape = new CallShape(rowsPerCall, maxBatchTokens);
        int rows = 0;
        for (Waiting w : queue) {
            Encoded e = w.input().item().encoded();
            if (e == null) {
                continue; // failed to tokenize: no part of any call
            }
            if (!shape.fits(e)) {
                return true;
            }
            shape.add(e);
            if (++rows == rowsPerCall) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next call: the oldest waiting input, then later ones in arrival order that keep the call within the
     * limits ({@link CallShape}) and its padding small. Rows are padded to the call's longest, and requests
     * arrive in any order of lengths (the CLI sorts a window by length; a server cannot wait for a window): an
     * input that would leave less than {@link #MIN_PADDING_EFFICIENCY} of the call's tokens real waits for the
     * next call, which starts with the oldest input again, so none waits for ever. Inputs that failed to
     * tokenize go with any call (they fail without running).
     */
    private Call take(BatchRunner runner, ArrayDeque<Waiting> queue, List<Input> dropped) {
        List<Input> inputs = new ArrayList<>();
        CallShape shape = new CallShape(rowsPerCall, maxBatchTokens);
        int longest = 0;
        long sequences = 0;
        long real = 0;
        for (var it = queue.iterator(); it.hasNext(); ) {
            Input next = it.next().input();
            Encoded e = next.item().encoded();
            if (next.sink().gone()) {
                it.remove();
                dropped.add(next);
                continue;
            }
            if (e != null) {
                int l = Math.max(longest, e.length());
                long padded = (sequences + e.sequences()) * l;
                if (!shape.isEmpty() && (!shape.fits(e) || real + e.tokens() < MIN_PADDING_EFFICIENCY * padded)) {
                    continue;
                }
                shape.add(e);
                longest = l;
                sequences += e.sequences();
                real += e.tokens();
            }
            it.remove();
            inputs.add(next);
        }
        return new Call(runner, inputs);
    }

    /** One wake-up at a time: when it comes, dispatch looks again and sets the next if inputs still wait. */
    private void wakeUpIn(long nanos) {
        if (!wakeUpPending) {
            wakeUpPending = true;
            timer.after(Math.max(1, nanos), () -> {
                synchronized (this) {
                    wakeUpPending = false;
                }
                dispatch();
            });
        }
    }

    /** One shared model call: its inputs, renumbered 0..n-1 so outcomes find their way back. */
    private final class Call {
        final BatchRunner runner;
        final List<Input> inputs;
        final CancelScope scope = new CancelScope();
        final long queuedAt = clock.getAsLong();
        long startedAt;
        private boolean done;

        Call(BatchRunner runner, List<Input> inputs) {
            this.runner = runner;
            this.inputs = inputs;
        }

        WorkUnit unit() {
            List<WorkItem> items = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                WorkItem item = inputs.get(i).item();
                Row r = item.row();
                items.add(new WorkItem(new Row(i, i + 1, r.fields(), r.text(), r.error()), item.encoded()));
            }
            return new WorkUnit(runner, items, scope, new WorkUnit.Completion() {
                @Override
                public void started() {
                    startedAt = clock.getAsLong();
                }

                @Override
                public void completed(List<RowOutcome> outcomes) {
                    metrics.call((startedAt - queuedAt) / 1e9, (clock.getAsLong() - startedAt) / 1e9, inputs.size());
                    finished(outcomes);
                }

                @Override
                public void dropped() {
                    finished(List.of());
                }
            });
        }

        /** Every input gets its outcome, or is dropped; then the worker's turn goes to the next call. */
        void finished(List<RowOutcome> outcomes) {
            synchronized (InputGatherer.this) {
                if (done) {
                    return;
                }
                done = true;
                inFlight.remove(this);
            }
            boolean[] answered = new boolean[inputs.size()];
            for (RowOutcome o : outcomes) {
                int i = (int) o.row().index();
                Input in = inputs.get(i);
                answered[i] = true;
                in.sink().answered(new RowOutcome(in.item().row(), o.values(), o.error()));
            }
            for (int i = 0; i < answered.length; i++) {
                if (!answered[i]) {
                    inputs.get(i).sink().dropped();
                }
            }
            dispatch();
        }
    }
}
