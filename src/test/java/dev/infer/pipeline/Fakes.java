package dev.infer.pipeline;

import dev.infer.io.Format;
import dev.infer.io.Header;
import dev.infer.io.Row;
import dev.infer.io.RowFields;
import dev.infer.io.RowReader;
import dev.infer.io.RowWriter;
import dev.infer.model.Encoded;
import dev.infer.task.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * In-memory fakes for pipeline tests: a reader over a list of rows, a recording writer and a fake
 * {@link Task} that does not run a model (so no ONNX Runtime is touched).
 *
 * <p>Row texts look like {@code "#17 xxxx"}: the fake task's {@link FakeTask#encode} puts the row
 * index into {@code ids[0]} and makes the token length {@code 1 + number of x}, so every model call
 * can be traced back to the rows it was made for.
 */
final class Fakes {
    private Fakes() {
    }

    static final Header HEADER = new Header(List.of("text"));

    // ---------------------------------------------------------------- rows

    static String text(long index, int tokens) {
        return "#" + index + " " + "x".repeat(Math.max(0, tokens - 1));
    }

    static Row ok(long index, int tokens) {
        String t = text(index, tokens);
        return Row.ok(index, index + 2, new RowFields.Delimited(HEADER, new String[] {t}), t);
    }

    static Row bad(long index, String reason) {
        return Row.failed(index, index + 2, new RowFields.Unparsed("broken " + index), reason);
    }

    /** {@code n} good rows with random token lengths 1..maxTokens. */
    static List<Row> rows(int n, long seed, int maxTokens) {
        Random r = new Random(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(ok(i, 1 + r.nextInt(maxTokens)));
        }
        return rows;
    }

    /** Like {@link #rows} but the given indices are unreadable input rows. */
    static List<Row> rowsWithBad(int n, long seed, int maxTokens, Collection<Long> badIndices) {
        List<Row> rows = rows(n, seed, maxTokens);
        for (long b : badIndices) {
            rows.set((int) b, bad(b, "bad input " + b));
        }
        return rows;
    }

    /** Token length of a row produced by {@link #ok}. */
    static int tokens(Row row) {
        return row.text().length() - row.text().indexOf(' ');
    }

    // ---------------------------------------------------------------- config

    static PipelineConfig config(int threads, int rowsPerCall, int queueCapacity, int window) {
        return new PipelineConfig(threads, rowsPerCall, 1 << 20, queueCapacity, window, ErrorPolicy.RECORD, -1,
                null, Duration.ofSeconds(5), 0);
    }

    static PipelineConfig withPolicy(PipelineConfig c, ErrorPolicy policy, long maxErrors) {
        return new PipelineConfig(c.threads(), c.rowsPerCall(), c.maxBatchTokens(), c.queueCapacity(), c.window(),
                policy, maxErrors, c.batchTimeout(), c.grace(), c.startRow());
    }

    static PipelineConfig withGrace(PipelineConfig c, Duration grace) {
        return new PipelineConfig(c.threads(), c.rowsPerCall(), c.maxBatchTokens(), c.queueCapacity(), c.window(),
                c.errorPolicy(), c.maxErrors(), c.batchTimeout(), grace, c.startRow());
    }

    static PipelineConfig withMaxBatchTokens(PipelineConfig c, int maxBatchTokens) {
        return new PipelineConfig(c.threads(), c.rowsPerCall(), maxBatchTokens, c.queueCapacity(), c.window(),
                c.errorPolicy(), c.maxErrors(), c.batchTimeout(), c.grace(), c.startRow());
    }

    // ---------------------------------------------------------------- reader

    /** Reads a list of rows; counts what it handed out; an optional hook runs before each row. */
    static class ListReader implements RowReader {
        interface Hook {
            void beforeRow(long index) throws IOException;
        }

        private final List<Row> rows;
        private final Hook hook;
        final AtomicLong handedOut = new AtomicLong();
        private int pos;

        ListReader(List<Row> rows) {
            this(rows, i -> { });
        }

        ListReader(List<Row> rows, Hook hook) {
            this.rows = rows;
            this.hook = hook;
        }

        @Override
        public Row next() throws IOException {
            if (pos >= rows.size()) {
                return null;
            }
            hook.beforeRow(pos);
            handedOut.incrementAndGet();
            return rows.get(pos++);
        }

        @Override
        public long bytesRead() {
            return pos * 10L;
        }

        @Override
        public List<String> columns() {
            return HEADER.names();
        }

        @Override
        public String textColumn() {
            return "text";
        }

        @Override
        public Format format() {
            return Format.CSV;
        }

        @Override
        public void close() {
        }
    }

    // ---------------------------------------------------------------- writer

    record Written(long index, Object[] values, String error) {
    }

    /** Records every written row in write order; an optional hook runs before each write. */
    static class RecordingWriter implements RowWriter {
        interface Hook {
            void beforeWrite(Row row) throws IOException;
        }

        final List<Written> rows = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong count = new AtomicLong();
        final AtomicLong flushes = new AtomicLong();
        private final Hook hook;

        RecordingWriter() {
            this(r -> { });
        }

        RecordingWriter(Hook hook) {
            this.hook = hook;
        }

        @Override
        public void write(Row row, Object[] results, String error) throws IOException {
            hook.beforeWrite(row);
            rows.add(new Written(row.index(), results, error));
            count.incrementAndGet();
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void close() {
        }

        List<Long> indices() {
            synchronized (rows) {
                return rows.stream().map(Written::index).toList();
            }
        }
    }

    // ---------------------------------------------------------------- task

    /** What a fake model call does besides answering: block, throw, die. */
    @FunctionalInterface
    interface Behaviour {
        void onCall(List<Long> indices) throws Exception;
    }

    /**
     * A task without a model: answers {@code [row index, token length, rows in this call]} and logs
     * every call's row indices (in call order) before the behaviour runs.
     */
    static final class FakeTask implements Task {
        final List<List<Long>> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong encodes = new AtomicLong();
        private final Behaviour behaviour;

        FakeTask(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        static FakeTask echo() {
            return new FakeTask(ids -> { });
        }

        /** Sleeps a random 0..maxMicros per call, so calls finish out of order. */
        static FakeTask slowRandom(int maxMicros) {
            return new FakeTask(ids -> LockSupport.parkNanos(
                    ThreadLocalRandom.current().nextLong(maxMicros + 1L) * 1000L));
        }

        /** Any call that contains one of these rows throws an Exception. */
        static FakeTask poison(Set<Long> poisoned) {
            return new FakeTask(ids -> {
                for (long i : ids) {
                    if (poisoned.contains(i)) {
                        throw new IllegalStateException("poison " + i + "\nsecond line");
                    }
                }
            });
        }

        /** The first call that contains {@code row} throws an Error (the worker dies). */
        static FakeTask killer(long row) {
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            return new FakeTask(ids -> {
                if (ids.contains(row) && seen.add(row)) {
                    throw new Error("killed at " + row);
                }
            });
        }

        /** Every call that contains {@code row} throws an Error. */
        static FakeTask alwaysKiller(long row) {
            return new FakeTask(ids -> {
                if (ids.contains(row)) {
                    throw new Error("always killed at " + row);
                }
            });
        }

        @Override
        public dev.infer.task.ResultSchema schema() {
            return dev.infer.task.ResultSchema.of(new dev.infer.task.ResultField("index", dev.infer.task.ResultType.COUNT),
                    new dev.infer.task.ResultField("tokens", dev.infer.task.ResultType.COUNT),
                    new dev.infer.task.ResultField("callSize", dev.infer.task.ResultType.COUNT));
        }

        @Override
        public Encoded encode(String text) {
            encodes.incrementAndGet();
            int sp = text.indexOf(' ');
            long index = Long.parseLong(text.substring(1, sp));
            long[] ids = new long[text.length() - sp];
            ids[0] = index;
            return new Encoded(ids, new long[ids.length], false);
        }

        @Override
        public List<Object[]> process(List<Encoded> rows, dev.infer.model.Cancellation cancel) throws Exception {
            if (cancel.cancelsModelCalls()) {
                throw new AssertionError("a task that does not run a model got run options");
            }
            List<Long> indices = rows.stream().map(e -> e.ids()[0]).toList();
            calls.add(indices);
            behaviour.onCall(indices);
            List<Object[]> out = new ArrayList<>(rows.size());
            for (Encoded e : rows) {
                out.add(new Object[] {e.ids()[0], e.length(), rows.size()});
            }
            return out;
        }

        @Override
        public boolean runsModel() {
            return false;
        }

        /** The calls as sets of row indices, sorted for comparison. */
        Set<Set<Long>> callSets() {
            Set<Set<Long>> s = new HashSet<>();
            synchronized (calls) {
                for (List<Long> c : calls) {
                    s.add(Set.copyOf(c));
                }
            }
            return s;
        }

        List<List<Long>> callsSnapshot() {
            synchronized (calls) {
                return new ArrayList<>(calls);
            }
        }
    }

    // ---------------------------------------------------------------- events

    /**
     * A clock for the grace period that moves only when the test says (see the package-private
     * {@link Pipeline} constructor). It counts its reads so a test can wait for the pipeline to look at it:
     * the first read after a stop sets the grace deadline.
     */
    static final class FakeClock implements java.util.function.LongSupplier {
        private long now = 1_000_000_000L;
        private long reads;

        @Override
        public synchronized long getAsLong() {
            reads++;
            notifyAll();
            return now;
        }

        /** Waits until the clock was read at least {@code n} times in all. */
        synchronized void awaitReads(long n) throws InterruptedException {
            while (reads < n) {
                wait();
            }
        }

        /**
         * Stop the pipeline first. Waits until it set the grace deadline, moves past it and waits until the
         * pipeline gave up on the work in flight: it reads the clock twice per look (how long to wait, then
         * "is the deadline past?", abandoning at once if so), so three reads after the move include a
         * completed look that saw the deadline past. Only for runs with work still in flight.
         */
        void expireGrace(Duration grace) throws InterruptedException {
            awaitReads(1);
            long seenBefore;
            synchronized (this) {
                now += grace.toNanos() + 1;
                seenBefore = reads;
            }
            awaitReads(seenBefore + 3);
        }
    }

    /**
     * A fake call that blocks: {@link #started} gets a permit as each gated call starts, and the call
     * waits for a permit from {@link #release}.
     */
    static final class Gate implements Behaviour {
        final java.util.concurrent.Semaphore started = new java.util.concurrent.Semaphore(0);
        private final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        private final java.util.function.Predicate<List<Long>> gated;

        Gate(java.util.function.Predicate<List<Long>> gated) {
            this.gated = gated;
        }

        static Gate everyCall() {
            return new Gate(ids -> true);
        }

        void release(int calls) {
            permits.release(calls);
        }

        @Override
        public void onCall(List<Long> indices) throws Exception {
            if (gated.test(indices)) {
                started.release();
                permits.acquire();
            }
        }
    }

    /**
     * Waits until some thread waits for room in a {@link SequencingWriter} (rows too far ahead of the
     * write position). Looks at the threads' stacks every millisecond: a poll of a condition, not a sleep
     * that hopes an event happened.
     */
    static void awaitSomeoneWaitingForTheWriter() throws InterruptedException {
        while (!someoneWaitsIn(SequencingWriter.class.getName(), "submit")) {
            Thread.sleep(1);
        }
    }

    /** Like {@link #awaitSomeoneWaitingForTheWriter} for one thread. */
    static void awaitWaitingForTheWriter(Thread t) throws InterruptedException {
        while (!waitsIn(t.getStackTrace(), SequencingWriter.class.getName(), "submit")) {
            Thread.sleep(1);
        }
    }

    private static boolean someoneWaitsIn(String className, String method) {
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            if (waitsIn(stack, className, method)) {
                return true;
            }
        }
        return false;
    }

    /** The stack is parked in a condition wait called from {@code className.method}. */
    private static boolean waitsIn(StackTraceElement[] stack, String className, String method) {
        boolean parked = false;
        for (StackTraceElement f : stack) {
            if (f.getMethodName().startsWith("await") && f.getClassName().contains("ConditionObject")) {
                parked = true;
            } else if (f.getClassName().equals(className) && f.getMethodName().equals(method)) {
                return parked;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- run

    /** A run's results: summary (or failure), what was written, and what the side channels saw. */
    static final class Run {
        RunSummary summary;
        RuntimeException failure;
        final RecordingWriter writer;
        final List<Long> committed = Collections.synchronizedList(new ArrayList<>());
        final List<Written> failedRows = Collections.synchronizedList(new ArrayList<>());
        final List<RunStats.Snapshot> progress = Collections.synchronizedList(new ArrayList<>());

        Run(RecordingWriter writer) {
            this.writer = writer;
        }
    }

    static Run run(Pipeline pipeline, RowReader reader) throws InterruptedException {
        return run(pipeline, reader, new RecordingWriter());
    }

    static Run run(Pipeline pipeline, RowReader reader, RecordingWriter writer) throws InterruptedException {
        Run run = new Run(writer);
        try {
            run.summary = pipeline.run(reader, writer, run.progress::add, run.committed::add,
                    (row, error) -> run.failedRows.add(new Written(row.index(), null, error)));
        } catch (RuntimeException e) {
            run.failure = e;
        }
        return run;
    }

    static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }
}
