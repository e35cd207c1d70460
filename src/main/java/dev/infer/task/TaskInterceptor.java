package dev.infer.task;

import java.util.ServiceLoader;

/**
 * A seam for end-to-end tests only: implementations found on the class path through {@link ServiceLoader}
 * wrap the tasks that the CLI and {@code infer serve} run (to hold a model call at a gate the test opens, or
 * to make a worker die on purpose). The shipped jar has none, so users never reach it; tests add one with
 * {@code -cp}.
 */
public interface TaskInterceptor {
    Task wrap(Task task);

    /** {@code task} wrapped by every interceptor on the class path, in their service file's order. */
    static Task wrapAll(Task task) {
        Task t = task;
        for (TaskInterceptor i : ServiceLoader.load(TaskInterceptor.class)) {
            t = i.wrap(t);
        }
        return t;
    }
}
