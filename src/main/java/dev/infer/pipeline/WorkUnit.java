package dev.infer.pipeline;

import java.util.List;

/**
 * What a worker takes off the pool's queue: rows of one job, its cancellation, and where the results
 * go. Exactly one of {@link Completion#completed} and {@link Completion#dropped} is called per unit,
 * on a worker thread.
 */
public final class WorkUnit {
    /** Where a unit's results go. */
    public interface Completion {
        /** The unit's rows, each with its results or why it failed (in no particular order). */
        void completed(List<RowOutcome> outcomes) throws InterruptedException;

        /** The unit's scope was cancelled: its rows were not run (or their results are discarded). */
        default void dropped() {
        }

        /** A worker took the unit and starts running it (for queue-time measurements). */
        default void started() {
        }
    }

    private final BatchRunner runner;
    private final List<WorkItem> items;
    private final CancelScope scope;
    private final Completion completion;
    /** Workers that died running this unit; touched by the pool only. */
    int deaths;

    /** A unit run by the pool's own runner. */
    public WorkUnit(List<WorkItem> items, CancelScope scope, Completion completion) {
        this(null, items, scope, completion);
    }

    /**
     * A unit run by {@code runner} (another task on the same model session, e.g. classify beside embed);
     * null for the pool's own. Its task must run the model if the pool's does, and not otherwise.
     */
    public WorkUnit(BatchRunner runner, List<WorkItem> items, CancelScope scope, Completion completion) {
        this.runner = runner;
        this.items = List.copyOf(items);
        this.scope = scope;
        this.completion = completion;
    }

    public List<WorkItem> items() {
        return items;
    }

    public CancelScope scope() {
        return scope;
    }

    BatchRunner runner() {
        return runner;
    }

    Completion completion() {
        return completion;
    }
}
