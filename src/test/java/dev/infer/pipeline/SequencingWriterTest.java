package dev.infer.pipeline;

import static dev.infer.pipeline.Fakes.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The sequencing writer on its own: reorders, bounds its buffer, and lets go when abandoned. */
class SequencingWriterTest {

    private static final class Harness {
        final Fakes.RecordingWriter out = new Fakes.RecordingWriter();
        final RunStats stats = new RunStats();
        final RunControl control = new RunControl();
        final List<Long> commits = Collections.synchronizedList(new ArrayList<>());
        final SequencingWriter writer;
        final Thread thread;

        Harness(PipelineConfig config, long firstRow, long capacity) {
            writer = new SequencingWriter(out, config, firstRow, capacity, stats, control, ProgressListener.NONE,
                    commits::add, FailedRowSink.NONE);
            thread = new Thread(writer, "test-writer");
            thread.start();
        }
    }

    private static List<RowOutcome> outcomes(long from, long to) {
        List<RowOutcome> l = new ArrayList<>();
        for (long i = from; i < to; i++) {
            l.add(RowOutcome.success(Fakes.ok(i, 2), new Object[] {i}));
        }
        return l;
    }

    @Test
    void writesOutOfOrderSubmissionsInInputOrder() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Harness h = new Harness(Fakes.config(1, 1, 1, 8), 0, 1_000);
            List<List<RowOutcome>> chunks = new ArrayList<>();
            for (int i = 0; i < 100; i += 5) {
                List<RowOutcome> c = outcomes(i, i + 5);
                Collections.reverse(c);
                chunks.add(c);
            }
            Collections.shuffle(chunks, new Random(1));
            for (List<RowOutcome> c : chunks) {
                h.writer.submit(c);
            }
            h.writer.endOfInput(100);
            h.thread.join();
            assertEquals(range(0, 100), h.out.indices());
            assertEquals(100, h.writer.position());
            assertEquals(100L, h.commits.get(h.commits.size() - 1));
            assertEquals(100, h.stats.snapshot().rowsWritten());
        });
    }

    @Test
    void submitTooFarAheadWaitsUntilTheWritePositionCatchesUp() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Harness h = new Harness(Fakes.config(1, 1, 1, 8), 0, 10);
            CountDownLatch submitted = new CountDownLatch(1);
            Thread ahead = new Thread(() -> {
                try {
                    h.writer.submit(outcomes(10, 15)); // first row 10 >= next 0 + capacity 10
                    submitted.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ahead.start();
            Fakes.awaitWaitingForTheWriter(ahead); // a submit 10 rows ahead must wait
            assertEquals(1, submitted.getCount());
            h.writer.submit(outcomes(5, 10)); // 5 < 0 + 10: accepted, but not written (row 0 missing)
            Fakes.awaitWaitingForTheWriter(ahead); // still waiting: row 0 is missing
            assertEquals(1, submitted.getCount());
            h.writer.submit(outcomes(0, 5)); // the row at the write position never waits
            submitted.await(); // released once rows 0.. were written (else the timeout fails the test)
            h.writer.endOfInput(15);
            h.thread.join();
            assertEquals(range(0, 15), h.out.indices());
        });
    }

    @Test
    void abandonReleasesWaitingSubmittersAndKeepsTheWrittenPrefix() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Harness h = new Harness(Fakes.config(1, 1, 1, 8), 0, 10);
            h.writer.submit(outcomes(0, 3));
            h.writer.submit(outcomes(4, 8)); // row 3 never comes
            Thread ahead = new Thread(() -> {
                try {
                    h.writer.submit(outcomes(20, 25));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ahead.start();
            Fakes.awaitWaitingForTheWriter(ahead); // rows 20.. are too far ahead of row 3
            h.writer.abandon();
            ahead.join(); // abandon releases a waiting submit (else the timeout fails the test)
            h.thread.join(); // the writer ends after abandon
            assertEquals(range(0, 3), h.out.indices());
            assertEquals(3, h.writer.position());
            assertEquals(3L, h.commits.get(h.commits.size() - 1));
            h.writer.submit(outcomes(3, 4)); // after abandon: ignored, returns at once
            assertEquals(range(0, 3), h.out.indices());
        });
    }

    @Test
    void rowsBeforeStartRowAreSequencedButNotWritten() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Harness h = new Harness(Fakes.config(1, 4, 1, 8).withStartRow(13), 8, 100);
            h.writer.submit(outcomes(16, 20));
            h.writer.submit(outcomes(8, 16));
            h.writer.endOfInput(20);
            h.thread.join();
            assertEquals(range(13, 20), h.out.indices());
            assertEquals(20, h.writer.position());
            assertEquals(7, h.stats.snapshot().rowsWritten());
        });
    }

    @Test
    void aWriterThatFailsReleasesWaitingSubmitters() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            RunControl control = new RunControl();
            Fakes.RecordingWriter out = new Fakes.RecordingWriter(row -> {
                if (row.index() == 2) {
                    throw new java.io.IOException("disk full");
                }
            });
            SequencingWriter w = new SequencingWriter(out, Fakes.config(1, 1, 1, 8), 0, 10, new RunStats(), control,
                    ProgressListener.NONE, OutputCommitter.NONE, FailedRowSink.NONE);
            Thread t = new Thread(w);
            t.start();
            w.submit(outcomes(0, 10));
            t.join(); // the writer ends on a failed write (else the timeout fails the test)
            assertTrue(control.failure() instanceof java.io.UncheckedIOException);
            // rows 20.. are far ahead of the stuck write position; the writer is gone, so this must not wait forever
            Thread ahead = new Thread(() -> {
                try {
                    w.submit(outcomes(20, 25));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ahead.setDaemon(true);
            ahead.start();
            ahead.join(); // a submit must not wait forever on a writer that had died
        });
    }

    @Test
    void aWriterWaitingForTheNextRowHandsOnWhatItWroteAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Fakes.RecordingWriter out = new Fakes.RecordingWriter();
            CountDownLatch idle = new CountDownLatch(1);
            List<List<Long>> writtenAtIdle = Collections.synchronizedList(new ArrayList<>());
            OutputCommitter committer = new OutputCommitter() {
                @Override
                public void committed(long rows) {
                }

                @Override
                public void idle() {
                    writtenAtIdle.add(List.copyOf(out.indices()));
                    idle.countDown();
                }
            };
            SequencingWriter w = new SequencingWriter(out, Fakes.config(1, 1, 1, 8), 0, 100, new RunStats(),
                    new RunControl(), ProgressListener.NONE, committer, FailedRowSink.NONE);
            Thread t = new Thread(w, "test-writer");
            t.start();
            w.submit(outcomes(0, 3)); // row 3 is not done yet: the writer waits for it
            idle.await(); // told at once, not at the next checkpoint (else the timeout fails the test)
            assertEquals(List.of(0L, 1L, 2L), writtenAtIdle.get(0));
            w.submit(outcomes(3, 4));
            w.endOfInput(4);
            t.join();
            assertEquals(range(0, 4), out.indices());
        });
    }
}
