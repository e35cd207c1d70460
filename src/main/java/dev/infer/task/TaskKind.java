package dev.infer.task;

import dev.infer.model.Model;
import dev.infer.model.ModelInfo;
import java.io.PrintStream;
import java.util.List;

/**
 * One kind of task in the {@link TaskKinds registry}: everything a front end needs to offer it — its name, its
 * options (declared once, see {@link OptionSpec}), which models it takes — and how to build its {@link Task}.
 * The CLI makes a command of each kind, {@code infer serve} routes, Spark a function and a job command; a kind
 * added to the registry appears in all three.
 *
 * <p>Concurrency: kinds are stateless singletons.
 */
public interface TaskKind {

    /** The task's name: the CLI command, Spark's {@code task} ({@code embed}). */
    String name();

    /** What the task adds to a row, in one line (help's command list). */
    String summary();

    /** Help paragraphs after the summary. */
    List<String> details();

    /** Example command lines for help (CLI syntax). */
    List<String> examples();

    /** The options it takes, in help order. */
    List<OptionSpec<?>> options();

    /** Whether it can run on this model (serve offers only the kinds that can). */
    boolean accepts(ModelInfo model);

    /**
     * Checks the values together and reads the files they name, before any model loads, so a bad file
     * fails in milliseconds.
     *
     * @param notes where notes for the user go (bad example rows, a head's cross-validation), or null
     */
    Prepared prepare(OptionValues values, PrintStream notes);

    /** A kind with its options checked and files read: builds the task once the model is loaded. */
    @FunctionalInterface
    interface Prepared {
        Task create(Model model) throws Exception;
    }

    /** Whether {@code key} is one of this kind's options. */
    default boolean takes(String key) {
        return options().stream().anyMatch(o -> o.key().equals(key));
    }
}
