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
 * <p>A repeat of a row that failed fails with the same reason.
 */
final class RowReuse {
    enum Source { COMPUTED, REPEAT, STORED }

    private record Mark(RowKey key, Source source) {
    }

    private record Failure(String error) {
    }

    private final Reuse reuse;
    private final Lru<RowKey, Boolean> seen;       // reader thread
    private final Lru<RowKey, Object> results;     // writer thread: Object[] or Failure
    private final Map<Long, Mark> marks = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong storedHits = new AtomicLong();
    private final AtomicLong storedNew = new AtomicLong();

    RowReuse(Reuse reuse) {
        this.reuse = reuse;
        this.seen = new Lru<>(Math.max(1, reuse.dedupeCapacity()));
        this.results = new Lru<>(Math.max(1, reuse.dedupeCapacity()));
    }

    /**
     * Reader thread, in input order, usable rows only: null when the row must be computed, else its
     * outcome to hand straight to the writer (a repeat's values are filled in there).
     */
    RowOutcome decide(Row row) {
        RowKey key = RowKey.of(reuse.scope(), row.text());
        boolean dedupe = reuse.dedupeCapacity() > 0;
        if (dedupe && seen.get(key) != null) {
            marks.put(row.index(), new Mark(key, Source.REPEAT));
            return RowOutcome.success(row, null);
        }
        Object[] stored = reuse.store() != null ? reuse.store().find(key) : null;
        if (dedupe) {
            seen.put(key, Boolean.TRUE);
        }
        marks.put(row.index(), new Mark(key, stored != null ? Source.STORED : Source.COMPUTED));
        return stored != null ? RowOutcome.success(row, stored) : null;
    }

    /** Writer thread, in input order, every row (written or not): the outcome to write. */
    RowOutcome settle(RowOutcome o) {
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
