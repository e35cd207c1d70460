package dev.infer.e2e;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.serve.TaskInterceptor;
import dev.infer.task.Task;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Test-only task wrapper, loaded by {@code infer serve} only when the test classes are on its class
 * path (ServeIT adds them with -cp): the text {@code __slow__} makes a model call take 250 ms, the text
 * {@code __crash__} kills the worker that runs it (an Error, not a failing row).
 */
public final class SlowAndCrashingTasks implements TaskInterceptor {
    static final long SLOW_MILLIS = 250;

    @Override
    public Task wrap(Task inner) {
        Set<long[]> slow = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        Set<long[]> crash = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        Set<long[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        return new Task() {
            @Override
            public List<String> resultFields() {
                return inner.resultFields();
            }

            @Override
            public Encoded encode(String text) {
                if (text.equals("__oom__")) {
                    throw new OutOfMemoryError("test hook: no memory for this text");
                }
                if (text.equals("__hold_tokenizer__")) {
                    awaitGate();
                }
                Encoded e = inner.encode(text);
                if (text.equals("__hold_worker__")) {
                    held.add(e.ids());
                }
                if (text.equals("__slow__")) {
                    slow.add(e.ids());
                } else if (text.equals("__crash__")) {
                    crash.add(e.ids());
                }
                return e;
            }

            @Override
            public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
                for (Encoded e : rows) {
                    if (crash.contains(e.ids())) {
                        throw new Error("test hook: this worker dies");
                    }
                    if (held.contains(e.ids())) {
                        awaitGate();
                    }
                    if (slow.contains(e.ids())) {
                        Thread.sleep(SLOW_MILLIS);
                    }
                }
                return inner.process(rows, cancel);
            }

            private void awaitGate() {
                java.nio.file.Path open = java.nio.file.Path.of(System.getProperty("infer.test.gate"), "open");
                while (!java.nio.file.Files.exists(open)) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }

            @Override
            public boolean runsModel() {
                return inner.runsModel();
            }
        };
    }
}
