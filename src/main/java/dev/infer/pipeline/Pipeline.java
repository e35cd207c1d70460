package dev.infer.pipeline;

import dev.infer.io.Row;
import dev.infer.io.RowReader;
import dev.infer.io.RowWriter;
import dev.infer.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The engine: input rows → batches → inference → output rows in input order.
 *
 * <pre>
 *   reader (caller's thread) ──► bounded queue of batches ──► N workers (one shared session)
 *                                                                │
 *                  output ◄── sequencing writer (own thread) ◄───┘
 * </pre>
 *
 * <p>Every queue is bounded, so memory stays flat however long the input. The pipeline owns the
 * threads it starts and stops them before {@link #run} returns; it does not own the model, the
 * reader or the writer. One Pipeline runs once. {@link #stop()} may be called from any thread
 * (a signal handler): the reader stops taking rows, work in flight finishes, the finished prefix
 * of the output is written and flushed, and {@link #run} returns a summary with
 * {@code interrupted = true}.
 *
 * <p>Failures stay local: a failing model call is retried in halves down to single rows, a worker
 * that dies is replaced and its batch rerun, and failed rows are written (or skipped) with their
 * reason, in their place.
 */
public final class Pipeline {
    private final Task task;
    private final PipelineConfig config;
    private final RunStats stats = new RunStats();
    private final RunControl control = new RunControl();
    /** null: every row is computed. */
    private final RowReuse reuse;

    public Pipeline(Task task, PipelineConfig config) {
        this(task, config, Reuse.NONE);
    }

    /** A pipeline that computes each text once (see {@link RowReuse} for the rule). */
    public Pipeline(Task task, PipelineConfig config, Reuse reuse) {
        this.task = task;
        this.config = config;
        this.reuse = reuse.active() ? new RowReuse(reuse) : null;
    }

    /** Rows that skipped the model so far. */
    public ReuseCounts reuseCounts() {
        return reuse != null ? reuse.counts() : ReuseCounts.NONE;
    }

    /** Asks the run to stop gracefully; returns at once. */
    public void stop() {
        control.stop();
    }

    public RunStats stats() {
        return stats;
    }

    /**
     * Runs all rows of {@code reader} and writes them to {@code writer} in input order.
     *
     * @param failedRows receives every failed row (for an errors file)
     * @throws RowFailedException   when a row failed under {@code --on-error fail} or past {@code --max-errors}
     * @throws UncheckedIOException when reading or writing failed
     */
    public RunSummary run(RowReader reader, RowWriter writer, ProgressListener progress, OutputCommitter committer,
                          FailedRowSink failedRows) throws InterruptedException {
        long firstRow = windowStart(config.startRow());
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(config.queueCapacity());
        long capacity = 2L * config.effectiveWindow() + (long) (config.queueCapacity() + config.threads())
                * Math.max(config.rowsPerCall(), PipelineConfig.EXACT_UNIT);
        SequencingWriter sequencer = new SequencingWriter(writer, config, firstRow, capacity, stats, control,
                progress, committer, failedRows, reuse);
        Thread writerThread = new Thread(sequencer, "infer-writer");
        List<CallGuard> guards = new CopyOnWriteArrayList<>();
        WorkerPool[] pool = new WorkerPool[1];
        pool[0] = new WorkerPool((orphan, attempt) -> {
            CallGuard guard = new CallGuard(task.runsModel(), config.batchTimeout());
            guards.add(guard);
            return new Worker(queue, task, config, sequencer, stats, control, guard, pool[0], orphan, attempt);
        });
        ScheduledExecutorService watchdog = null;
        boolean readAll = false;
        try {
            writerThread.start();
            pool[0].start(config.threads());
            if (config.batchTimeout() != null && task.runsModel()) {
                watchdog = startWatchdog(guards);
            }
            readAll = readInto(reader, queue, firstRow, sequencer);
        } finally {
            stopWorkers(queue, pool[0], guards, sequencer, readAll);
            if (!readAll || control.failure() != null) {
                sequencer.abandon(); // rows that were never run will not come
            }
            writerThread.join();
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            guards.forEach(CallGuard::close);
        }
        if (control.failure() != null) {
            throw control.failure();
        }
        return new RunSummary(stats.snapshot(), !readAll, sequencer.position(), pool[0].replaced());
    }

    /**
     * Lets the workers finish what is queued. After a stop, work in flight gets the grace period;
     * then queued batches are dropped and running model calls are cancelled.
     */
    private void stopWorkers(BlockingQueue<Batch> queue, WorkerPool pool, List<CallGuard> guards,
                             SequencingWriter sequencer, boolean readAll) throws InterruptedException {
        long deadline = readAll ? Long.MAX_VALUE : System.nanoTime() + config.grace().toNanos();
        for (int i = 0; i < config.threads(); i++) {
            while (!queue.offer(Worker.END, 50, TimeUnit.MILLISECONDS)) {
                abandonIfLate(deadline, guards, sequencer);
            }
        }
        while (!pool.join(Math.min(deadline, System.nanoTime() + 50_000_000L))) {
            abandonIfLate(deadline, guards, sequencer);
        }
    }

    private void abandonIfLate(long deadline, List<CallGuard> guards, SequencingWriter sequencer) {
        if (System.nanoTime() >= deadline && !control.abandoned()) {
            control.abandon();
            // Abandoned batches are never submitted, so the write position stops: release the workers
            // waiting for room in the writer, or they (and this join) wait forever.
            sequencer.abandon();
            for (CallGuard g : guards) {
                g.cancel();
            }
        }
    }

    /** Reads rows, groups them into windows and queues their batches; false if stopped early. */
    private boolean readInto(RowReader reader, BlockingQueue<Batch> queue, long firstRow, SequencingWriter sequencer)
            throws InterruptedException {
        Batcher batcher = new Batcher(config);
        int windowSize = config.effectiveWindow();
        List<WorkItem> window = new ArrayList<>(windowSize);
        // Rows that skip the model go straight to the writer, after the batches of their window: every row
        // before them is then queued, so waiting for room in the writer cannot deadlock. Windows count
        // both kinds, so they still start at multiples of the window size.
        List<RowOutcome> direct = new ArrayList<>();
        long rows = 0;
        try {
            Row row;
            while (!control.stopped() && (row = reader.next()) != null) {
                rows++;
                stats.bytesRead.set(reader.bytesRead());
                if (row.index() < firstRow) {
                    continue; // resumed run: this row's window is already written
                }
                if (row.index() >= config.startRow()) {
                    stats.rowsRead.incrementAndGet();
                }
                RowOutcome skip = reuse != null && row.isOk() ? reuse.decide(row) : null;
                if (skip != null) {
                    direct.add(skip);
                    if (window.size() + direct.size() == windowSize) {
                        flush(batcher, window, direct, queue, sequencer);
                    }
                    continue;
                }
                // Batched runs group by token length, so the reader tokenizes; otherwise workers do.
                WorkItem item = new WorkItem(row, null);
                if (config.batched() && row.isOk()) {
                    try {
                        item = item.withEncoded(task.encode(row.text()));
                    } catch (RuntimeException e) { // as in Worker: this row fails, the run goes on
                        item = new WorkItem(Row.failed(row.index(), row.line(), row.fields(),
                                "tokenizing failed: " + Worker.message(e)), null);
                    }
                }
                window.add(item);
                if (window.size() + direct.size() == windowSize) {
                    flush(batcher, window, direct, queue, sequencer);
                }
            }
            if (control.stopped() || !flush(batcher, window, direct, queue, sequencer)) {
                return false;
            }
            sequencer.endOfInput(rows);
            return true;
        } catch (IOException e) {
            control.fail(new UncheckedIOException("reading the input failed: " + e.getMessage(), e));
            return false;
        } catch (RuntimeException e) {
            control.fail(e);
            return false;
        }
    }

    /** Queues a window's batches, then hands its rows that skip the model to the writer; false if stopped. */
    private boolean flush(Batcher batcher, List<WorkItem> window, List<RowOutcome> direct, BlockingQueue<Batch> queue,
                          SequencingWriter sequencer) throws InterruptedException {
        boolean queued = enqueue(batcher.cut(window), queue);
        window.clear();
        if (queued && !direct.isEmpty()) {
            sequencer.submit(List.copyOf(direct));
        }
        direct.clear();
        return queued;
    }

    /** Queues the batches; false if the run was stopped while waiting for room (the rest is dropped). */
    private boolean enqueue(List<Batch> batches, BlockingQueue<Batch> queue) throws InterruptedException {
        for (Batch b : batches) {
            if (!b.items().isEmpty()) {
                // waits while the queue is full (backpressure on the reader), but not past a stop:
                // a batch not yet queued is not work in flight, and the grace period starts only after this
                while (!queue.offer(b, 50, TimeUnit.MILLISECONDS)) {
                    if (control.stopped()) {
                        return false;
                    }
                }
                stats.queueDepth(queue.size());
            }
        }
        return true;
    }

    /** Windows start at multiples of the window size, so a resumed run batches exactly as the first. */
    private long windowStart(long row) {
        long w = config.effectiveWindow();
        return (row / w) * w;
    }

    private ScheduledExecutorService startWatchdog(List<CallGuard> guards) {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infer-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, Math.min(100, config.batchTimeout().toMillis() / 4));
        watchdog.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (CallGuard g : guards) {
                try {
                    g.enforce(now);
                } catch (Exception e) {
                    control.fail(new IllegalStateException("cannot cancel a model call: " + e.getMessage(), e));
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return watchdog;
    }
}
