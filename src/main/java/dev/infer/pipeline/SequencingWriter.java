package dev.infer.pipeline;

import dev.infer.io.RowWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Puts finished rows out in input order, from its own thread.
 *
 * <p>Workers hand in rows as they finish, in any order; rows that arrive early wait here until every
 * row before them is written. The buffer is bounded: a worker whose rows lie more than
 * {@code capacity} rows ahead of the next row to write waits. The batch holding that next row never
 * waits, so the bound cannot deadlock.
 */
final class SequencingWriter implements Runnable {
    private static final long PROGRESS_NANOS = 200_000_000L;
    private static final long COMMIT_NANOS = 2_000_000_000L;

    private final RowWriter out;
    private final PipelineConfig config;
    private final RunStats stats;
    private final RunControl control;
    private final ProgressListener progress;
    private final OutputCommitter committer;
    private final FailedRowSink failedRows;
    private final long capacity;
    /** null: no reuse; rows are written as the workers computed them. */
    private final RowReuse reuse;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, RowOutcome> pending = new HashMap<>();
    private long next;
    private long endOfInput = -1;
    private boolean abandoned;

    SequencingWriter(RowWriter out, PipelineConfig config, long firstRow, long capacity, RunStats stats,
                     RunControl control, ProgressListener progress, OutputCommitter committer,
                     FailedRowSink failedRows) {
        this(out, config, firstRow, capacity, stats, control, progress, committer, failedRows, null);
    }

    SequencingWriter(RowWriter out, PipelineConfig config, long firstRow, long capacity, RunStats stats,
                     RunControl control, ProgressListener progress, OutputCommitter committer,
                     FailedRowSink failedRows, RowReuse reuse) {
        this.reuse = reuse;
        this.failedRows = failedRows;
        this.out = out;
        this.config = config;
        this.next = firstRow;
        this.capacity = capacity;
        this.stats = stats;
        this.control = control;
        this.progress = progress;
        this.committer = committer;
    }

    /** Hands in finished rows; blocks while they lie too far ahead of the write position. */
    void submit(List<RowOutcome> outcomes) throws InterruptedException {
        long first = Long.MAX_VALUE;
        for (RowOutcome o : outcomes) {
            first = Math.min(first, o.row().index());
        }
        lock.lock();
        try {
            while (first >= next + capacity && !abandoned) {
                changed.await();
            }
            if (abandoned) {
                return;
            }
            for (RowOutcome o : outcomes) {
                pending.put(o.row().index(), o);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader saw the end of the input after {@code rows} rows in all. */
    void endOfInput(long rows) {
        lock.lock();
        try {
            endOfInput = rows;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops waiting for rows that will never come (after a stop or failure); what is written stays. */
    void abandon() {
        lock.lock();
        try {
            abandoned = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Rows from row 0 that are written so far. */
    long position() {
        lock.lock();
        try {
            return committable(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rows before startRow are in the output already (a resumed run recomputes some of them as
     * batch-mates, without writing them): never report fewer, or the next resume writes them twice.
     */
    private long committable(long position) {
        return Math.max(position, config.startRow());
    }

    @Override
    public void run() {
        long lastProgress = 0;
        long lastCommit = System.nanoTime();
        try {
            List<RowOutcome> ready = new ArrayList<>();
            boolean unflushed = false;
            while (true) {
                if (unflushed && waitsForWork()) {
                    committer.idle(); // outside the lock: a slow reader must not hold up the workers
                    unflushed = false;
                }
                lock.lock();
                try {
                    if (!pending.containsKey(next) && !finished() && !abandoned) {
                        // bounded wait: wake up now and then to report progress and commit
                        changed.await(PROGRESS_NANOS, TimeUnit.NANOSECONDS);
                    }
                    RowOutcome o;
                    while ((o = pending.remove(next)) != null) {
                        ready.add(o);
                        next++;
                    }
                    if (!ready.isEmpty()) {
                        changed.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                for (RowOutcome o : ready) {
                    write(o);
                }
                unflushed |= !ready.isEmpty();
                ready.clear();
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_NANOS) {
                    progress.onProgress(stats.snapshot());
                    lastProgress = now;
                }
                if (now - lastCommit >= COMMIT_NANOS) {
                    commit();
                    lastCommit = now;
                }
                lock.lock();
                try {
                    if (finished() || (abandoned && !pending.containsKey(next))) {
                        break;
                    }
                } finally {
                    lock.unlock();
                }
            }
            commit();
            progress.onProgress(stats.snapshot());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            control.fail(new UncheckedIOException("writing the output failed: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            control.fail(e);
        } finally {
            abandon(); // nothing is written any more: release workers waiting for room, or they wait forever
        }
    }

    private boolean waitsForWork() {
        lock.lock();
        try {
            return !pending.containsKey(next) && !finished() && !abandoned;
        } finally {
            lock.unlock();
        }
    }

    private boolean finished() {
        return endOfInput >= 0 && next >= endOfInput;
    }

    private void commit() throws IOException {
        if (reuse != null) {
            reuse.commit();
        }
        out.flush();
        committer.committed(committable(next));
    }

    private void write(RowOutcome o) throws IOException {
        if (reuse != null) {
            o = reuse.settle(o); // before the resume check: the reuse LRU must see every row
        }
        if (o.row().index() < config.startRow()) {
            return; // computed only as a batch-mate of a resumed window; already in the output
        }
        if (o.failed()) {
            long failed = stats.rowsFailed.incrementAndGet();
            failedRows.failed(o.row(), o.error());
            if (config.errorPolicy() == ErrorPolicy.FAIL) {
                throw new RowFailedException(o);
            }
            if (config.maxErrors() >= 0 && failed > config.maxErrors()) {
                throw new TooManyErrorsException(config.maxErrors(), o);
            }
            if (config.errorPolicy() == ErrorPolicy.SKIP) {
                stats.rowsSkipped.incrementAndGet();
                return;
            }
        }
        out.write(o.row(), o.values(), o.failed() ? "line " + o.row().line() + ": " + o.error() : null);
        stats.rowsWritten.incrementAndGet();
    }
}
