package dev.infer.e2e;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.task.Task;
import dev.infer.task.TaskInterceptor;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test-only task wrapper (on the class path of the process under test only, as {@link SlowAndCrashingTasks}):
 * holds model calls at a gate that the test opens, so a test can signal, kill or time out a run at a point
 * it chose, and the run cannot finish first. Set in the environment of the process under test ({@link Gate}
 * does it):
 * <ul>
 * <li>{@value #FOLDER}: the gate's folder. Each held call creates {@code held-N} there (N = 1, 2, …, the
 *     order calls arrived); while the file {@code open} exists, calls pass.</li>
 * <li>{@value #AFTER}: model calls let through before the gate holds them (default 0).</li>
 * <li>{@value #TEXT}: hold only the calls with a row of exactly this text (and ignore {@value #AFTER}).</li>
 * <li>{@value #TOKENIZE_TEXT}: hold the tokenizing of exactly this text (a tokenizer thread held).</li>
 * </ul>
 * A held call goes on once the gate opens, or fails as a cancelled ONNX Runtime call does when its call is
 * cancelled (a stop's grace period ran out, a timeout, a request whose client left).
 */
public final class GatedTasks implements TaskInterceptor {
    static final String FOLDER = "INFER_TEST_GATE";
    static final String AFTER = "INFER_TEST_GATE_AFTER";
    static final String TEXT = "INFER_TEST_GATE_TEXT";
    static final String TOKENIZE_TEXT = "INFER_TEST_GATE_TOKENIZE_TEXT";

    @Override
    public Task wrap(Task inner) {
        String folder = System.getenv(FOLDER);
        if (folder == null || !inner.runsModel()) {
            return inner;
        }
        Path dir = Path.of(folder);
        String text = System.getenv(TEXT);
        String tokenizeText = System.getenv(TOKENIZE_TEXT);
        long after = Long.parseLong(System.getenv().getOrDefault(AFTER, "0"));
        AtomicLong calls = new AtomicLong();
        Set<long[]> marked = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        return new DelegatingTask(inner) {
            @Override
            public Encoded encode(String rowText) {
                if (rowText.equals(tokenizeText)) {
                    try {
                        await(dir, Cancellation.NONE); // tokenizing has no cancel: it waits for the gate
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException("test gate: " + e, e);
                    }
                }
                Encoded e = inner.encode(rowText);
                if (rowText.equals(text)) {
                    marked.add(e.ids());
                }
                return e;
            }

            @Override
            public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
                boolean hold = text != null
                        ? rows.stream().anyMatch(r -> marked.contains(r.ids()))
                        : calls.incrementAndGet() > after;
                if (hold) {
                    await(dir, cancel);
                }
                return inner.process(rows, cancel);
            }
        };
    }

    private static void await(Path dir, Cancellation cancel) throws IOException, InterruptedException {
        Path open = dir.resolve("open");
        if (Files.exists(open)) {
            return;
        }
        announce(dir);
        while (Files.notExists(open)) {
            if (cancel.cancelled()) {
                throw new IllegalStateException("Exiting due to terminate flag being set to true."); // as ORT says it
            }
            Thread.sleep(5); // the gate's own wait: a test waits on held-N, never on this
        }
    }

    /**
     * Creates the next free held-N: numbered through the file system, shared by every task of the process (and
     * by every process that shares the folder, as a cluster's executors do); then held-N.pid, written whole
     * before it appears, names the process that holds the call (for a test that kills it).
     */
    private static void announce(Path dir) throws IOException {
        for (int n = 1; ; n++) {
            try {
                Files.createFile(dir.resolve("held-" + n));
                Path tmp = dir.resolve("held-" + n + ".pid.tmp");
                Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
                Files.move(tmp, dir.resolve("held-" + n + ".pid"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier call
            }
        }
    }
}
