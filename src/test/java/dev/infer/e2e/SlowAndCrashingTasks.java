package dev.infer.e2e;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.task.Task;
import dev.infer.task.TaskInterceptor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Test-only task wrapper, loaded by the CLI and {@code infer serve} only when the test classes are on
 * their class path (the tests add them with -cp): the text {@code __slow__} makes a model call take
 * 250 ms (load, never a verdict: tests that need a call held use {@link GatedTasks}), the text
 * {@code __crash__} kills the worker that runs it (an Error, not a failing row), and tokenizing the text
 * {@code __oom__} throws an {@link OutOfMemoryError} (an Error in a request's handling).
 */
public final class SlowAndCrashingTasks implements TaskInterceptor {
    static final long SLOW_MILLIS = 250;

    @Override
    public Task wrap(Task inner) {
        Set<long[]> slow = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        Set<long[]> crash = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        return new DelegatingTask(inner) {
            @Override
            public Encoded encode(String text) {
                if (text.equals("__oom__")) {
                    throw new OutOfMemoryError("test hook: no memory for this text");
                }
                Encoded e = inner.encode(text);
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
                    if (slow.contains(e.ids())) {
                        Thread.sleep(SLOW_MILLIS);
                    }
                }
                return inner.process(rows, cancel);
            }
        };
    }
}
