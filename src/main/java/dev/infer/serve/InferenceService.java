package dev.infer.serve;

import dev.infer.io.Row;
import dev.infer.model.Model;
import dev.infer.pipeline.BatchRunner;
import dev.infer.pipeline.CancelScope;
import dev.infer.pipeline.RowOutcome;
import dev.infer.pipeline.RunStats;
import dev.infer.pipeline.WorkItem;
import dev.infer.pipeline.WorkUnit;
import dev.infer.pipeline.WorkerPool;
import dev.infer.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine behind the HTTP routes: admits requests by their number of inputs, tokenizes them on its
 * own bounded tokenizer threads (one per worker; tokenizing a request's texts is admitted work too), cuts
 * them into work units for the one {@link WorkerPool} (N workers, one model session, every task), and
 * completes each request's future when its last unit is done. For a model that is not batch-sensitive, the
 * inputs of different requests share model calls ({@link InputGatherer}); a batch-sensitive one runs every
 * input alone, so its answers are the CLI's to the bit. A request that fails first (timeout,
 * shutdown, a failed connection) is cancelled: what has not started never starts, and a running call is
 * cancelled inside ONNX Runtime.
 *
 * <p>Concurrency: {@link #submit}, {@link #tokenize} and {@link #decode} from any HTTP thread, which they
 * never block; completions run on tokenizer or worker threads (the HTTP layer writes responses
 * asynchronously).
 */
final class InferenceService implements AutoCloseable {
    /** An answered request: per input its result values (aligned with the task's fields) and its tokens. */
    record Answer(List<Object[]> values, long tokens) {
    }

    /** One of the model-running tasks, ready to serve. */
    record Route(String name, BatchRunner runner) {
    }

    private final Model model;
    private final ServeSettings settings;
    private final ServeMetrics metrics;
    private final WorkerPool pool;
    private final dev.infer.model.TextTokenizer tokenizer;
    /** Tokenizing runs here, never on an HTTP thread: bounded threads, fed only with admitted inputs. */
    private final java.util.concurrent.ThreadPoolExecutor tokenizers;
    private final AtomicInteger tokenizing = new AtomicInteger();
    private final AtomicInteger admitted = new AtomicInteger();
    private final Set<CancelScope> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    /** Null: every request's inputs get calls of their own (batch-sensitive models: one input per call). */
    private final InputGatherer gatherer;

    /**
     * How long inputs may wait for company while a worker is free: none. Under load no worker is free and
     * inputs gather by themselves; below it, waiting only adds latency. (With 2 ms, and before calls kept their
     * padding small, a smoke run on a loaded machine had the gathered service below one input per call.)
     */
    static final java.time.Duration GATHER_WINDOW = java.time.Duration.ZERO;

    InferenceService(Model model, ServeSettings settings, ServeMetrics metrics, BatchRunner poolRunner) {
        this.model = model;
        this.settings = settings;
        this.metrics = metrics;
        this.tokenizer = model.tokenizer();
        AtomicInteger names = new AtomicInteger();
        // unbounded queue, bounded by admission: only admitted inputs are ever queued here
        this.tokenizers = new java.util.concurrent.ThreadPoolExecutor(settings.threads(), settings.threads(), 0,
                TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "infer-serve-tokenize-" + names.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // units never outnumber admitted inputs, so an offer after admission always finds room
        this.pool = new WorkerPool(poolRunner, settings.threads(), settings.maxQueuedInputs(), null, "infer-serve");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infer-serve-timeouts");
            t.setDaemon(true);
            return t;
        });
        metrics.gauges(pool::queued, admitted::get, pool::busy, pool::replaced, tokenizing::get);
        this.gatherer = gathersAcrossRequests(model.info().batchSensitive(), settings.rowsPerCall()) ? gatherer() : null;
    }

    /** Cross-request batching on this service's pool, timer and metrics. */
    private InputGatherer gatherer() {
        InputGatherer g = new InputGatherer(pool, Math.min(settings.threads(), settings.maxQueuedInputs()),
                settings.rowsPerCall(), settings.maxBatchTokens(), GATHER_WINDOW,
                (nanos, task) -> timer.schedule(task, nanos, TimeUnit.NANOSECONDS), System::nanoTime,
                (queued, inferred, inputs) -> {
                    metrics.queueSeconds.observe(queued);
                    metrics.inferenceSeconds.observe(inferred);
                    metrics.inputsInferred.inc(inputs);
                });
        metrics.gatheringGauge(g::waitingInputs);
        return g;
    }

    /**
     * Whether inputs of different requests share model calls: only where a call runs several inputs and an
     * input's answer does not depend on its batch-mates, so no request's answer depends on another's.
     */
    static boolean gathersAcrossRequests(boolean batchSensitive, int rowsPerCall) {
        return !batchSensitive && rowsPerCall > 1;
    }

    static BatchRunner runner(Task task, ServeSettings s) {
        return new BatchRunner(task, s.rowsPerCall(), s.maxBatchTokens(), new RunStats());
    }

    Model model() {
        return model;
    }

    int admittedInputs() {
        return admitted.get();
    }

    /**
     * Queues the texts for {@code route}; the future completes with the answer, or with a
     * {@link ServeError} (504 on timeout, 503 when cancelled by a shutdown).
     *
     * @throws ServeError 429 when admitting the inputs would pass {@code --max-queued-inputs}
     */
    CompletableFuture<Answer> submit(Route route, List<String> texts) {
        int n = texts.size();
        admitOrRefuse(n);
        CancelScope scope = new CancelScope();
        CompletableFuture<Answer> future = new CompletableFuture<>();
        active.add(scope);
        // an answer that failed (timeout, shutdown, the client left) cancels what has not run yet
        future.whenComplete((a, e) -> {
            active.remove(scope);
            if (e != null) {
                scope.cancel();
                if (gatherer != null) {
                    gatherer.requestEnded(); // a shared call that no one waits for any more stops
                }
            }
        });
        if (settings.requestTimeout() != null) {
            ScheduledFuture<?> timeout = timer.schedule(() -> future.completeExceptionally(new ServeError(504,
                    "Timeout", "the request took longer than " + settings.requestTimeout().toMillis()
                    + " ms and was cancelled")), settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((a, e) -> timeout.cancel(false));
        }
        onTokenizer(n, future, () -> queue(route, texts, scope, future));
        return future;
    }

    /**
     * Runs {@code work} on a tokenizer thread for {@code n} admitted inputs; if it throws (an Error too), or the
     * request already ended, the inputs are released and the future fails.
     */
    private void onTokenizer(int n, CompletableFuture<?> future, Runnable work) {
        try {
            tokenizers.execute(() -> {
                if (future.isDone()) { // timed out, cancelled, or the client left while queued: never tokenized
                    metrics.inputsDropped.inc(n);
                    admitted.addAndGet(-n);
                    return;
                }
                tokenizing.incrementAndGet();
                try {
                    work.run();
                } catch (Throwable t) {
                    admitted.addAndGet(-n);
                    future.completeExceptionally(t); // the HTTP layer answers 500 for anything not a ServeError
                } finally {
                    tokenizing.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            admitted.addAndGet(-n);
            future.completeExceptionally(new ServeError(503, "Unhealthy", "the server is shutting down"));
        }
    }

    /** On a tokenizer thread: tokenizes the texts and queues them for the workers. */
    private void queue(Route route, List<String> texts, CancelScope scope, CompletableFuture<Answer> future) {
        int n = texts.size();
        long tokens = 0;
        List<WorkItem> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (future.isDone()) { // cancelled while tokenizing: stop spending on it
                metrics.inputsDropped.inc(n);
                admitted.addAndGet(-n);
                return;
            }
            WorkItem item = route.runner().encode(Row.ok(i, i + 1, null, texts.get(i)));
            if (item.encoded() != null) {
                tokens += item.encoded().length();
            }
            items.add(item);
        }
        if (gatherer != null) {
            gather(route, items, new Answering(future, n, n, tokens));
            return;
        }
        int unitRows = settings.rowsPerCall();
        Answering answering = new Answering(future, n, (n + unitRows - 1) / unitRows, tokens);
        for (int start = 0; start < n; start += unitRows) {
            List<WorkItem> chunk = items.subList(start, Math.min(n, start + unitRows));
            int size = chunk.size();
            long queuedAt = System.nanoTime();
            WorkUnit unit = new WorkUnit(route.runner(), chunk, scope, new WorkUnit.Completion() {
                private long startedAt;

                @Override
                public void started() {
                    startedAt = System.nanoTime();
                    metrics.queueSeconds.observe((startedAt - queuedAt) / 1e9);
                }

                @Override
                public void completed(List<RowOutcome> outcomes) {
                    metrics.inferenceSeconds.observe((System.nanoTime() - startedAt) / 1e9);
                    metrics.inputsInferred.inc(size);
                    outcomes.forEach(answering::answered);
                    answering.partDone();
                }

                @Override
                public void dropped() {
                    answering.partDropped(size);
                }
            });
            if (!pool.offer(unit)) { // cannot happen while admission holds; refuse rather than block a thread
                scope.cancel();
                answering.partsNeverQueued((n - start + unitRows - 1) / unitRows);
                future.completeExceptionally(new ServeError(429, "Overloaded", "the work queue is full; retry later"));
                break;
            }
        }
    }

    /** Hands a request's inputs to the gatherer, one part each; the request is answered with its last input. */
    private void gather(Route route, List<WorkItem> items, Answering answering) {
        List<InputGatherer.Input> inputs = new ArrayList<>(items.size());
        for (WorkItem item : items) {
            inputs.add(new InputGatherer.Input(item, new InputGatherer.Sink() {
                @Override
                public boolean gone() {
                    return answering.future.isDone();
                }

                @Override
                public void answered(RowOutcome o) {
                    answering.answered(o);
                    answering.partDone();
                }

                @Override
                public void dropped() {
                    answering.partDropped(1);
                }
            }));
        }
        gatherer.add(route.runner(), inputs);
    }

    /**
     * One request's answer as its parts (work units, or inputs when they are gathered) come back: its inputs
     * count as admitted until the last part is done, then it is answered, or failed if a part was dropped.
     */
    private final class Answering {
        final CompletableFuture<Answer> future;
        private final int inputs;
        private final Object[][] values;
        private final String[] errors;
        private final AtomicInteger parts;
        private final long tokens;

        Answering(CompletableFuture<Answer> future, int inputs, int parts, long tokens) {
            this.future = future;
            this.inputs = inputs;
            this.values = new Object[inputs][];
            this.errors = new String[inputs];
            this.parts = new AtomicInteger(parts);
            this.tokens = tokens;
        }

        /** An input's outcome (its row index is its place in the request). */
        void answered(RowOutcome o) {
            int i = (int) o.row().index();
            values[i] = o.values();
            errors[i] = o.error();
        }

        void partDone() {
            if (parts.decrementAndGet() == 0) {
                admitted.addAndGet(-inputs);
                finish(future, values, errors, tokens);
            }
        }

        void partDropped(int droppedInputs) {
            metrics.inputsDropped.inc(droppedInputs);
            if (parts.decrementAndGet() == 0) {
                admitted.addAndGet(-inputs);
            }
            future.completeExceptionally(new ServeError(503, "Unhealthy", "the request was cancelled"));
        }

        void partsNeverQueued(int never) {
            if (parts.addAndGet(-never) == 0) {
                admitted.addAndGet(-inputs);
            }
        }
    }

    private static void finish(CompletableFuture<Answer> future, Object[][] values, String[] errors, long tokens) {
        for (int i = 0; i < errors.length; i++) {
            if (errors[i] != null || values[i] == null) {
                String why = errors[i] != null ? errors[i] : "no result";
                boolean input = why.startsWith("tokenizing failed");
                future.completeExceptionally(new ServeError(input ? 422 : 500, input ? "Tokenizer" : "Backend",
                        "input " + i + " failed: " + why));
                return;
            }
        }
        future.complete(new Answer(List.of(values), tokens));
    }

    /** Every token of each text, as TEI's {@code /tokenize}; on a tokenizer thread, under admission. */
    CompletableFuture<List<List<dev.infer.model.TextTokenizer.Token>>> tokenize(List<String> texts, boolean special) {
        return onTokenizerOnly(texts.size(), () -> {
            List<List<dev.infer.model.TextTokenizer.Token>> out = new ArrayList<>(texts.size());
            for (String t : texts) {
                out.add(tokenizer.tokens(t, special));
            }
            return out;
        });
    }

    /** The text of each list of ids, as TEI's {@code /decode}; on a tokenizer thread, under admission. */
    CompletableFuture<List<String>> decode(List<long[]> ids, boolean skipSpecialTokens) {
        return onTokenizerOnly(ids.size(), () -> {
            List<String> out = new ArrayList<>(ids.size());
            for (long[] one : ids) {
                out.add(tokenizer.decode(one, skipSpecialTokens));
            }
            return out;
        });
    }

    /** Tokenizer work that needs no model: admitted like inference, answered from the tokenizer thread. */
    private <T> CompletableFuture<T> onTokenizerOnly(int n, java.util.function.Supplier<T> work) {
        admitOrRefuse(n);
        CompletableFuture<T> future = new CompletableFuture<>();
        onTokenizer(n, future, () -> {
            T result = work.get();
            admitted.addAndGet(-n);
            future.complete(result);
        });
        return future;
    }

    private void admitOrRefuse(int n) {
        if (!admit(n)) {
            metrics.inputsRejected.inc(n);
            throw new ServeError(429, "Overloaded", "the server is at its limit of " + settings.maxQueuedInputs()
                    + " queued inputs (--max-queued-inputs); retry later");
        }
    }

    private boolean admit(int n) {
        while (true) {
            int now = admitted.get();
            if (now + n > settings.maxQueuedInputs()) {
                return false;
            }
            if (admitted.compareAndSet(now, now + n)) {
                return true;
            }
        }
    }

    /** Cancels every request in flight (the grace period of a shutdown ran out). */
    void cancelAll() {
        if (gatherer != null) {
            gatherer.close(); // waiting inputs dropped (503), shared calls cancelled
        }
        for (CancelScope s : active) {
            s.cancel();
        }
        pool.cancelRunning();
    }

    int workerRestarts() {
        return pool.replaced();
    }

    @Override
    public void close() {
        cancelAll();
        tokenizers.shutdownNow();
        pool.close();
        timer.shutdownNow();
    }
}
