package dev.infer.pipeline;

/**
 * Results kept across runs (infer's {@code --cache}). The pipeline looks results up from its reader
 * thread and stores them from its writer thread, never both from one thread; an implementation keeps
 * one connection per thread.
 */
public interface ResultStore {

    /** The stored result of {@code key}, or null. Reader thread. */
    Object[] find(RowKey key);

    /** Remembers a computed result; it may be made durable only at the next {@link #commit}. Writer thread. */
    void put(RowKey key, Object[] values);

    /** A stored result was used (for pruning by age). Writer thread. */
    void used(RowKey key);

    /** Makes what was put so far durable; called as the output is committed and at the end. Writer thread. */
    void commit();
}
