package dev.infer.pipeline;

import dev.infer.io.Row;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which rows skip the model, and fills them in as they are written.
 *
 * <p>The rule: the reader thread keys every usable row ({@link RowKey}) and, in input order, looks the
 * key up in an LRU of the last {@code dedupeCapacity} distinct keys. A key in it makes the row a
 * <em>repeat</em>; otherwise a key found in the store makes it <em>stored</em>; otherwise it is computed.
 * The writer thread sees the same rows in the same input order and keeps an LRU of their results with
 * the same capacity and the same accesses, so the two LRUs hold the same keys at every row: a repeat's
 * original is always there when the repeat is written. Nothing here depends on timing, so which rows
 * reach the model (and so batch composition) is a function of the input and the store alone.
 *
 * <p>Batched runs (a row's numbers depend on its batch-mates) look back no further than their window: a
 * resumed run replays the window it resumes in and skips the ones before, so a repeat of a row in an
 * earlier window must be computed in every run, or the resumed window's batches would differ from an
 * uninterrupted run's. The reader remembers the keys of earlier windows (skipped ones included, see
 * {@link #skipped}) to keep such repeats off the store too, whose rows from this run appear as its
 * writer commits them.
 *
 * <p>A repeat of a row that failed fails with the same reason.
 */
final class RowReuse {
    enum Source { COMPUTED, REPEAT, STORED }

    private record Mark(RowKey key, Source source) {
    }

    private record Failure(String error) {
    }

    private final Reuse reuse;
    private final RowKey.Keyer keyer;              // reader thread
    private final long window;                     // rows per window whose dedupe is its own; 0: the whole run
    private final Lru<RowKey, Boolean> seen;       // reader thread
    private final Lru<RowKey, Boolean> earlier;    // reader thread, batched runs: keys of every row read before
    private final Lru<RowKey, Object> results;     // writer thread: Object[] or Failure
    private long readerWindow;                     // reader thread
    private long writerWindow;                     // writer thread
    private final Map<Long, Mark> marks = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong storedHits = new AtomicLong();
    private final AtomicLong storedNew = new AtomicLong();

    /** @param window rows per window of a batched run (dedupe within it only), or 0 for an exact run */
    RowReuse(Reuse reuse, long window) {
        this.reuse = reuse;
        this.keyer = new RowKey.Keyer(reuse.scope());
        this.window = window;
        this.seen = new Lru<>(Math.max(1, reuse.dedupeCapacity()));
        this.earlier = new Lru<>(Math.max(1, reuse.dedupeCapacity()));
        this.results = new Lru<>(Math.max(1, reuse.dedupeCapacity()));
    }

    /** Reader thread, batched runs: a row before the resumed window, read but not run. */
    void skipped(Row row) {
        if (window > 0 && row.isOk()) {
            earlier.put(keyer.key(row.text()), Boolean.TRUE);
        }
    }

    /** Reader thread: a batched run's dedupe starts afresh with each window. */
    private void enterReaderWindow(long index) {
        if (window > 0 && index / window != readerWindow) {
            readerWindow = index / window;
            seen.clear();
        }
    }

    /**
     * Reader thread, in input order, usable rows only: null when the row must be computed, else its
     * outcome to hand straight to the writer (a repeat's values are filled in there).
     */
    RowOutcome decide(Row row) {
        enterReaderWindow(row.index());
        RowKey key = keyer.key(row.text());
        // containsKey leaves the order alone and put is the one use, as in skipped(): the same LRU either way
        boolean seenEarlier = window > 0 && earlier.containsKey(key);
        if (window > 0) {
            earlier.put(key, Boolean.TRUE);
        }
        boolean dedupe = reuse.dedupeCapacity() > 0;
        if (dedupe && seen.get(key) != null) {
            marks.put(row.index(), new Mark(key, Source.REPEAT));
            return RowOutcome.success(row, null);
        }
        // a repeat of an earlier window's row is computed in every run, as said above, never looked up
        Object[] stored = reuse.store() != null && !seenEarlier ? reuse.store().find(key) : null;
        if (dedupe) {
            seen.put(key, Boolean.TRUE);
        }
        marks.put(row.index(), new Mark(key, stored != null ? Source.STORED : Source.COMPUTED));
        return stored != null ? RowOutcome.success(row, stored) : null;
    }

    /** Writer thread, in input order, every row (written or not): the outcome to write. */
    RowOutcome settle(RowOutcome o) {
        if (window > 0 && o.row().index() / window != writerWindow) {
            writerWindow = o.row().index() / window; // as the reader did: the LRUs stay in step
            results.clear();
        }
        Mark mark = marks.remove(o.row().index());
        if (mark == null) {
            return o; // unusable input row, or no reuse
        }
        boolean dedupe = reuse.dedupeCapacity() > 0;
        switch (mark.source()) {
            case REPEAT -> {
                Object remembered = results.get(mark.key());
                if (remembered == null) {
                    throw new IllegalStateException("row " + o.row().index() + " repeats a row the writer no longer"
                            + " remembers (dedupe out of step)");
                }
                repeats.incrementAndGet();
                return remembered instanceof Failure f ? RowOutcome.failure(o.row(), f.error())
                        : RowOutcome.success(o.row(), (Object[]) remembered);
            }
            case STORED -> {
                storedHits.incrementAndGet();
                if (dedupe) {
                    results.put(mark.key(), o.values());
                }
                reuse.store().used(mark.key());
                return o;
            }
            default -> {
                if (dedupe) {
                    results.put(mark.key(), o.failed() ? new Failure(o.error()) : o.values());
                }
                if (!o.failed() && reuse.store() != null) {
                    reuse.store().put(mark.key(), o.values());
                    storedNew.incrementAndGet();
                }
                return o;
            }
        }
    }

    /** Writer thread: makes the stored results durable. */
    void commit() {
        if (reuse.store() != null) {
            reuse.store().commit();
        }
    }

    ReuseCounts counts() {
        return new ReuseCounts(repeats.get(), storedHits.get(), storedNew.get());
    }
}
