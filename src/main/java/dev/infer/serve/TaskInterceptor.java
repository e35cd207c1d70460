package dev.infer.serve;

import dev.infer.task.Task;

/**
 * A seam for end-to-end tests only (to make a worker die on purpose): implementations found on the
 * class path through {@link java.util.ServiceLoader} wrap the server's tasks. The shipped jar has none,
 * so users never reach it; tests add one with {@code -cp}.
 */
public interface TaskInterceptor {
    Task wrap(Task task);
}
