package dev.infer.task;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import java.util.List;

/**
 * What to compute for each row: the translator between text and model (DJL calls this role a
 * Translator). Implementations are immutable after construction.
 *
 * <p>Concurrency: {@link #encode} and {@link #process} are called from many worker threads at once.
 */
public interface Task {

    /** The fields this task adds to every row, in output order, with their types. */
    ResultSchema schema();

    /** Tokenizes one row's text. */
    Encoded encode(String text);

    /**
     * Computes the results for rows that are run together, one {@code Object[]} per row aligned with
     * {@link #schema()}.
     *
     * @param cancel the calling thread's cancellation handle ({@link Cancellation#NONE} when no model runs)
     */
    List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception;

    /** Whether {@link #process} runs the model (tokenize does not; its rows may be grouped freely). */
    default boolean runsModel() {
        return true;
    }

    /**
     * What shapes this task's output beyond the options and the model (a few-shot head's fingerprint, the text
     * prefixes it resolved), for checking that a resume continues the same run.
     */
    default java.util.Map<String, String> identity() {
        return java.util.Map.of();
    }

    /** Facts about the task for {@code --summary} (a few-shot head's cross-validation, under "few_shot"). */
    default java.util.Map<String, Object> summaryFields() {
        return java.util.Map.of();
    }
}
