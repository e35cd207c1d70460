package dev.infer.pipeline;

/** What happens to a row that cannot be used or whose inference failed. */
public enum ErrorPolicy {
    /** Write it in its place with an error field; the run goes on. */
    RECORD,
    /** Leave it out of the output, but count and report it. */
    SKIP,
    /** Stop the run at the first failed row. */
    FAIL
}
