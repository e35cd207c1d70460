package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.bad;
import static dev.infer.pipeline.Fakes.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.io.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Batcher: a pure function from one window to batches. */
class BatcherTest {
    private static final Fakes.FakeTask TASK = Fakes.FakeTask.echo();

    private static WorkItem item(Row row) {
        return new WorkItem(row, row.isOk() ? TASK.encode(row.text()) : null);
    }

    private static List<WorkItem> window(List<Row> rows) {
        return rows.stream().map(BatcherTest::item).toList();
    }

    private static List<List<Long>> indices(List<Batch> batches) {
        return batches.stream().map(b -> b.items().stream().map(w -> w.row().index()).toList()).toList();
    }

    private static PipelineConfig batched(int rowsPerCall, int maxBatchTokens) {
        return Fakes.withMaxBatchTokens(Fakes.config(2, rowsPerCall, 4, 64), maxBatchTokens);
    }

    @Test
    void unbatchedConfigHandsTheWholeWindowOverAsOneBatchInInputOrder() {
        List<WorkItem> w = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            w.add(new WorkItem(ok(i, 8 - i), null)); // unbatched: the reader does not tokenize
        }
        List<Batch> batches = new Batcher(Fakes.config(2, 1, 4, 64)).cut(w);
        assertEquals(List.of(Fakes.range(0, 8)), indices(batches));
    }

    @Test
    void groupsByLengthWithTiesInInputOrder() {
        // lengths:           0  1  2  3  4  5  6  7
        int[] lengths = {5, 1, 5, 3, 1, 3, 5, 1};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            rows.add(ok(i, lengths[i]));
        }
        List<Batch> batches = new Batcher(batched(3, 1 << 20)).cut(window(rows));
        assertEquals(List.of(List.of(1L, 4L, 7L), List.of(3L, 5L, 0L), List.of(2L, 6L)), indices(batches));
    }

    @Test
    void maxBatchTokensCapsRowsTimesLongestRow() {
        List<Row> rows = new ArrayList<>();
        int[] lengths = {4, 4, 4, 4, 6, 6, 10, 3};
        for (int i = 0; i < lengths.length; i++) {
            rows.add(ok(i, lengths[i]));
        }
        // budget 12: [3,4,4] = 3*4 = 12 fits; then [4,4] (8, +6 would be 3*6=18); [6,6]; [10]
        List<Batch> batches = new Batcher(batched(8, 12)).cut(window(rows));
        assertEquals(List.of(List.of(7L, 0L, 1L), List.of(2L, 3L), List.of(4L, 5L), List.of(6L)), indices(batches));
    }

    @Test
    void aRowLongerThanTheBudgetRunsAlone() {
        List<Row> rows = List.of(ok(0, 2), ok(1, 50), ok(2, 2), ok(3, 40));
        List<Batch> batches = new Batcher(batched(8, 10)).cut(window(rows));
        assertEquals(List.of(List.of(0L, 2L), List.of(3L), List.of(1L)), indices(batches));
    }

    @Test
    void failedRowsTravelAloneAndFirst() {
        List<Row> rows = new ArrayList<>(List.of(ok(0, 3), bad(1, "no text"), ok(2, 2), bad(3, "bad json"), ok(4, 3)));
        List<Batch> batches = new Batcher(batched(4, 1 << 20)).cut(window(rows));
        assertEquals(List.of(List.of(1L, 3L), List.of(2L, 0L, 4L)), indices(batches));
        for (WorkItem w : batches.get(0).items()) {
            assertFalse(w.row().isOk());
            assertNull(w.encoded());
        }
    }

    @Test
    void aWindowOfOnlyFailedRowsGivesOneBatch() {
        List<Batch> batches = new Batcher(batched(4, 100)).cut(window(List.of(bad(0, "x"), bad(1, "y"))));
        assertEquals(List.of(List.of(0L, 1L)), indices(batches));
        assertTrue(new Batcher(batched(4, 100)).cut(List.of()).isEmpty());
    }

    /** Randomized: every invariant of the cut, and that it depends on the rows alone, not their order. */
    @Test
    void randomWindowsKeepEveryInvariant() {
        for (long seed = 0; seed < 200; seed++) {
            Random r = new Random(seed);
            int rowsPerCall = 2 + r.nextInt(16);
            int budget = 1 + r.nextInt(200);
            int n = r.nextInt(80);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(r.nextInt(10) == 0 ? bad(i, "bad") : ok(i, 1 + r.nextInt(40)));
            }
            PipelineConfig config = batched(rowsPerCall, budget);
            List<Batch> batches = new Batcher(config).cut(window(rows));
            String ctx = "seed " + seed;

            Set<Long> seen = new HashSet<>();
            int prevMax = 0;
            for (Batch b : batches) {
                assertFalse(b.items().isEmpty(), ctx);
                boolean failedBatch = !b.items().get(0).row().isOk();
                if (failedBatch) {
                    assertSame(batches.get(0), b, "the failed rows' batch comes first: " + ctx);
                    b.items().forEach(w -> assertFalse(w.row().isOk(), ctx));
                } else {
                    b.items().forEach(w -> assertTrue(w.row().isOk(), "failed rows are never run: " + ctx));
                    assertTrue(b.items().size() <= rowsPerCall, ctx);
                    int longest = 0;
                    int prevLen = -1;
                    long prevIndex = -1;
                    for (WorkItem w : b.items()) {
                        int len = w.encoded().length();
                        assertTrue(len > prevLen || (len == prevLen && w.row().index() > prevIndex),
                                "sorted by length, then input order: " + ctx);
                        prevLen = len;
                        prevIndex = w.row().index();
                        longest = Math.max(longest, len);
                    }
                    assertTrue(b.items().size() == 1 || (long) b.items().size() * longest <= budget,
                            "rows x longest within the budget unless alone: " + ctx);
                    int min = b.items().get(0).encoded().length();
                    assertTrue(min >= prevMax, "batches are cut from the sorted order: " + ctx);
                    prevMax = longest;
                }
                for (WorkItem w : b.items()) {
                    assertTrue(seen.add(w.row().index()), "each row exactly once: " + ctx);
                }
            }
            assertEquals(n, seen.size(), ctx);

            List<WorkItem> shuffled = new ArrayList<>(window(rows));
            Collections.shuffle(shuffled, r);
            List<List<Long>> again = indices(new Batcher(config).cut(shuffled));
            List<List<Long>> first = indices(batches);
            // the runnable batches do not depend on the order the rows were handed in
            assertEquals(first.stream().filter(b -> rows.get(b.get(0).intValue()).isOk()).toList(),
                    again.stream().filter(b -> rows.get(b.get(0).intValue()).isOk()).toList(), ctx);
        }
    }

    /** Greedy packing: a batch is only closed when the next row would not fit. */
    @Test
    void batchesAreFullWhenTheNextRowWouldFit() {
        for (long seed = 0; seed < 100; seed++) {
            Random r = new Random(seed);
            int rowsPerCall = 2 + r.nextInt(8);
            int budget = 1 + r.nextInt(100);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                rows.add(ok(i, 1 + r.nextInt(20)));
            }
            List<Batch> batches = new Batcher(batched(rowsPerCall, budget)).cut(window(rows));
            for (int i = 0; i + 1 < batches.size(); i++) {
                List<WorkItem> b = batches.get(i).items();
                int nextLen = batches.get(i + 1).items().get(0).encoded().length();
                boolean couldTakeMore = b.size() < rowsPerCall && (long) (b.size() + 1) * nextLen <= budget;
                assertFalse(couldTakeMore, "seed " + seed + ": batch " + i + " closed too early");
            }
        }
    }
}
