package dev.infer.pipeline;

import dev.infer.io.Row;
import dev.infer.io.RowReader;
import dev.infer.io.RowWriter;
import dev.infer.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

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
 * reader or the writer. One Pipeline runs once (a second run is refused). {@link #stop()} may be called from any thread
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
    private UncheckedIOException inputFailure; // set and read on the caller's thread
    private final AtomicBoolean used = new AtomicBoolean();
    /** null: every row is computed. */
    private final RowReuse reuse;
    /** null: each run starts and closes a pool of its own. */
    private final WorkerPool shared;
    /** Measures the grace period; only tests pass anything but {@link System#nanoTime}. */
    private final LongSupplier nanoClock;

    public Pipeline(Task task, PipelineConfig config) {
        this(task, config, Reuse.NONE);
    }

    /** A pipeline that computes each text once (see {@link RowReuse} for the rule). */
    public Pipeline(Task task, PipelineConfig config, Reuse reuse) {
        this(null, task, config, reuse);
    }

    /**
     * A pipeline whose rows run on {@code shared}, a long-lived pool that may serve other jobs at the same
     * time (HTTP requests, say); the run neither starts nor closes it. The pool's threads and call timeout
     * apply ({@code config.threads()} and {@code batchTimeout()} only size the writer's buffer). The task
     * must run the model exactly when the pool's own task does. Null: the run starts a pool of its own.
     */
    public Pipeline(WorkerPool shared, Task task, PipelineConfig config, Reuse reuse) {
        this(shared, task, config, reuse, System::nanoTime);
    }

    /**
     * Test seam: {@code nanoClock} replaces {@link System#nanoTime} for the grace period, so a test can let
     * the grace run out exactly when it wants. It is read only on the thread that called {@link #run}, and
     * only once the reader stopped; the first read after a stop sets the grace deadline.
     */
    Pipeline(WorkerPool shared, Task task, PipelineConfig config, Reuse reuse, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.shared = shared;
        this.task = task;
        this.config = config;
        this.reuse = reuse.active() ? new RowReuse(reuse, config.batched() ? config.effectiveWindow() : 0) : null;
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
        if (!used.compareAndSet(false, true)) {
            throw new IllegalStateException("a Pipeline runs once; make a new one for the next run");
        }
        long firstRow = windowStart(config.startRow());
        long capacity = 2L * config.effectiveWindow() + (long) (config.queueCapacity() + config.threads())
                * Math.max(config.rowsPerCall(), PipelineConfig.EXACT_UNIT);
        SequencingWriter sequencer = new SequencingWriter(writer, config, firstRow, capacity, stats, control,
                progress, committer, failedRows, reuse);
        Thread writerThread = new Thread(sequencer, "infer-writer");
        BatchRunner runner = new BatchRunner(task, config.rowsPerCall(), config.maxBatchTokens(), stats);
        Outstanding outstanding = new Outstanding();
        boolean readAll = false;
        int replaced;
        WorkerPool pool = shared != null ? shared
                : new WorkerPool(runner, config.threads(), config.queueCapacity(), config.batchTimeout(), "infer");
        try {
            writerThread.start();
            readAll = readInto(reader, pool, runner, firstRow, sequencer, outstanding);
        } finally {
            try {
                awaitWorkers(outstanding, pool, sequencer, readAll);
            } finally {
                if (Thread.currentThread().isInterrupted()) {
                    control.abandon(); // the caller wants out: cancel what runs (this run's calls only)
                }
                if (shared == null) {
                    pool.close(); // joins the workers even if interrupted; frees their native options
                }
                replaced = pool.replaced();
                if (!readAll || control.failure() != null) {
                    sequencer.abandon(); // rows that were never run will not come
                }
                joinUninterruptibly(writerThread, sequencer);
            }
        }
        if (control.failure() != null) {
            throw control.failure();
        }
        if (inputFailure != null) {
            throw inputFailure;
        }
        return new RunSummary(stats.snapshot(), !readAll, sequencer.position(), replaced);
    }

    /** Units handed to the pool and not yet completed or dropped. */
    private static final class Outstanding {
        private int count;

        synchronized void add() {
            count++;
        }

        synchronized void done() {
            count--;
            notifyAll();
        }

        /** Waits at most {@code millis} (or until woken) for nothing outstanding; true when nothing is. */
        synchronized boolean await(long millis) throws InterruptedException {
            if (count > 0) {
                wait(millis);
            }
            return count == 0;
        }
    }

    /**
     * Lets the workers finish what is queued. After a stop, work in flight gets the grace period;
     * then queued units are dropped and running model calls are cancelled.
     */
    private void awaitWorkers(Outstanding outstanding, WorkerPool pool, SequencingWriter sequencer, boolean readAll)
            throws InterruptedException {
        long deadline = readAll ? Long.MAX_VALUE : nanoClock.getAsLong() + config.grace().toNanos();
        while (!outstanding.await(waitMillis(deadline))) {
            if (nanoClock.getAsLong() >= deadline && !control.abandoned()) {
                control.abandon(); // cancels the run's scope: queued units are dropped, running calls cancelled
                // Abandoned units are never submitted, so the write position stops: release the workers
                // waiting for room in the writer, or they (and this wait) wait forever.
                sequencer.abandon();
            }
        }
    }

    /**
     * How long to wait before looking again: until the grace deadline, but at most 50 ms (units that are
     * dropped or die wake no one). Once the deadline passed, 50 ms: what is left is a call in flight.
     */
    private long waitMillis(long deadline) {
        long left = deadline - nanoClock.getAsLong();
        return left <= 0 ? 50 : Math.max(1, Math.min(50, left / 1_000_000));
    }

    private static void joinUninterruptibly(Thread writerThread, SequencingWriter sequencer) {
        boolean interrupted = false;
        while (writerThread.isAlive()) {
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
                sequencer.abandon();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads rows, groups them into windows and queues their units; false if stopped early. */
    private boolean readInto(RowReader reader, WorkerPool pool, BatchRunner runner, long firstRow,
                             SequencingWriter sequencer, Outstanding outstanding) throws InterruptedException {
        Batcher batcher = new Batcher(config);
        int windowSize = config.effectiveWindow();
        List<WorkItem> window = new ArrayList<>(windowSize);
        // Rows that skip the model go straight to the writer, after the batches of their window: every row
        // before them is then queued, so waiting for room in the writer cannot deadlock. Windows count
        // both kinds, so a batched run's still start at multiples of the window size.
        List<RowOutcome> direct = new ArrayList<>();
        long rows = 0;
        try {
            Row row;
            while (!control.stopped() && (row = next(reader, batcher, window, direct, pool, runner, sequencer,
                    outstanding)) != null) {
                rows++;
                stats.bytesRead.set(reader.bytesRead());
                if (row.index() < firstRow) {
                    if (reuse != null) {
                        reuse.skipped(row);
                    }
                    continue; // resumed run: this row's window is already written
                }
                if (row.index() >= config.startRow()) {
                    stats.rowsRead.incrementAndGet();
                }
                RowOutcome skip = reuse != null && row.isOk() ? reuse.decide(row) : null;
                if (skip != null) {
                    direct.add(skip);
                    if (window.size() + direct.size() == windowSize) {
                        flush(batcher, window, direct, pool, runner, sequencer, outstanding);
                    }
                    continue;
                }
                // Batched runs group by token length, so the reader tokenizes; otherwise workers do.
                window.add(config.batched() ? runner.encode(row) : WorkItem.of(row));
                if (window.size() + direct.size() == windowSize) {
                    flush(batcher, window, direct, pool, runner, sequencer, outstanding);
                }
            }
            if (control.stopped() || !flush(batcher, window, direct, pool, runner, sequencer, outstanding)) {
                return false;
            }
            sequencer.endOfInput(rows);
            return true;
        } catch (IOException e) {
            // The rows read so far are good (a truncated gzip, a dropped mount): run and write them, then fail.
            inputFailure = new UncheckedIOException("reading the input failed: " + e.getMessage(), e);
            if (control.stopped() || !flush(batcher, window, direct, pool, runner, sequencer, outstanding)) {
                return false;
            }
            sequencer.endOfInput(rows);
            return true;
        } catch (RuntimeException e) {
            control.fail(e);
            return false;
        }
    }

    /**
     * The next row; first, if the input would keep the rows read so far waiting (a pipe fed a row at a
     * time), sends them on. Only exact runs do: a row's batch-mates never change its numbers there, so a
     * short window changes no output, while a batched run must cut its windows where every run does.
     */
    private Row next(RowReader reader, Batcher batcher, List<WorkItem> window, List<RowOutcome> direct,
                     WorkerPool pool, BatchRunner runner, SequencingWriter sequencer, Outstanding outstanding)
            throws IOException, InterruptedException {
        if (!config.batched() && (!window.isEmpty() || !direct.isEmpty()) && reader.inputWaiting()
                && !flush(batcher, window, direct, pool, runner, sequencer, outstanding)) {
            return null; // stopped while queueing; the caller sees the stop
        }
        return reader.next();
    }

    /** Queues a window's batches, then hands its rows that skip the model to the writer; false if stopped. */
    private boolean flush(Batcher batcher, List<WorkItem> window, List<RowOutcome> direct, WorkerPool pool,
                          BatchRunner runner, SequencingWriter sequencer, Outstanding outstanding)
            throws InterruptedException {
        boolean queued = enqueue(batcher.cut(window), pool, runner, sequencer, outstanding);
        window.clear();
        if (queued && !direct.isEmpty()) {
            sequencer.submit(List.copyOf(direct));
        }
        direct.clear();
        return queued;
    }

    /** Queues the batches; false if the run was stopped while waiting for room (the rest is dropped). */
    private boolean enqueue(List<Batch> batches, WorkerPool pool, BatchRunner runner, SequencingWriter sequencer,
                            Outstanding outstanding) throws InterruptedException {
        for (Batch b : batches) {
            if (!b.items().isEmpty()) {
                WorkUnit unit = new WorkUnit(runner, b.items(), control.scope, new WorkUnit.Completion() {
                    @Override
                    public void completed(List<RowOutcome> outcomes) throws InterruptedException {
                        try {
                            sequencer.submit(outcomes);
                        } finally {
                            outstanding.done();
                        }
                    }

                    @Override
                    public void dropped() {
                        outstanding.done();
                    }
                });
                outstanding.add();
                // waits while the queue is full (backpressure on the reader), but not past a stop:
                // a batch not yet queued is not work in flight, and the grace period starts only after this
                while (!pool.offer(unit, 50, TimeUnit.MILLISECONDS)) {
                    if (control.stopped()) {
                        outstanding.done();
                        return false;
                    }
                }
                stats.queueDepth(pool.queued());
            }
        }
        return true;
    }

    /** Windows start at multiples of the window size, so a resumed run batches exactly as the first. */
    private long windowStart(long row) {
        long w = config.effectiveWindow();
        return (row / w) * w;
    }
}
