package dev.infer.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * One pool thread: takes units off the queue, runs them through the {@link BatchRunner} with its own
 * {@link CallGuard}, and hands the results to each unit's completion.
 */
final class Worker implements Runnable {
    /** Tells a worker to end; one per worker. */
    static final WorkUnit END = new WorkUnit(List.of(), new CancelScope(), outcomes -> { });

    private final BlockingQueue<WorkUnit> queue;
    private final BatchRunner runner;
    private final CallGuard guard;
    private final WorkerPool pool;
    private final WorkUnit orphan;

    /** @param orphan a unit whose worker died, to run first (null for a fresh worker) */
    Worker(BlockingQueue<WorkUnit> queue, BatchRunner runner, CallGuard guard, WorkerPool pool, WorkUnit orphan) {
        this.queue = queue;
        this.runner = runner;
        this.guard = guard;
        this.pool = pool;
        this.orphan = orphan;
    }

    @Override
    public void run() {
        WorkUnit current = null;
        try {
            if (orphan != null) {
                current = orphan;
                if (orphan.deaths >= WorkerPool.MAX_ATTEMPTS) {
                    orphan.completion().completed(failAll(orphan));
                } else {
                    process(orphan);
                }
            }
            while (true) {
                current = null;
                WorkUnit unit = queue.take();
                if (unit == END) {
                    return;
                }
                current = unit;
                process(unit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // Not a failing row (those are caught per call) but a dying worker: hand its unit to a replacement.
            pool.died(this, current, t);
        }
    }

    private void process(WorkUnit unit) throws InterruptedException {
        if (unit.scope().cancelled()) {
            unit.completion().dropped(); // cancelled while queued: never started
            return;
        }
        pool.busy(+1);
        try {
            unit.completion().started();
            BatchRunner r = unit.runner() != null ? unit.runner() : runner;
            List<RowOutcome> done = r.run(unit.items(), guard, unit.scope());
            if (unit.scope().cancelled()) {
                unit.completion().dropped(); // e.g. after the grace period: cancelled rows are not failures
            } else {
                unit.completion().completed(done);
            }
        } finally {
            pool.busy(-1);
        }
    }

    /** A unit that killed every worker that tried it: its rows fail, the pool goes on. */
    private List<RowOutcome> failAll(WorkUnit unit) {
        List<RowOutcome> out = new ArrayList<>(unit.items().size());
        for (WorkItem item : unit.items()) {
            out.add(RowOutcome.failure(item.row(), "worker crashed on this row's batch " + WorkerPool.MAX_ATTEMPTS
                    + " times: " + pool.lastCause()));
        }
        return out;
    }

    CallGuard guard() {
        return guard;
    }
}
