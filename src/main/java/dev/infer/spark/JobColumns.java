package dev.infer.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * InferJob's check that the columns a run adds are not in its input yet, worded with the flag that fixes it.
 * Why: the commonest clash is a chain of jobs (embed, then classify what embed wrote), whose input already
 * has infer's {@code error} column; {@link Infer} refuses any clash, in words for the Dataset API.
 */
final class JobColumns {
    private JobColumns() {
    }

    /** Throws {@link IllegalArgumentException} naming the first added column the input already has. */
    static void checkNoClash(StructType input, InferOptions o) {
        List<String> fields = resultFields(o);
        String main = o.outputColumn() != null ? o.outputColumn() : fields.get(0);
        String command = o.task();
        for (StructField f : input.fields()) {
            String name = f.name();
            if (name.equalsIgnoreCase(o.errorColumn())) {
                throw new IllegalArgumentException("the input already has a column '" + name + "' (from an earlier"
                        + " infer run?); pass --error-column NAME to name this run's, e.g. --error-column "
                        + command + "_error");
            }
            if (name.equalsIgnoreCase(main)) {
                throw new IllegalArgumentException("the input already has a column '" + name + "'; pass"
                        + " --output-column NAME to name " + command + "'s " + fields.get(0) + " column, e.g."
                        + " --output-column " + command + "_" + fields.get(0));
            }
            for (String other : fields.subList(1, fields.size())) {
                if (name.equalsIgnoreCase(other)) {
                    throw new IllegalArgumentException("the input already has a column '" + name + "', which "
                            + command + " adds too; drop or rename it in the input first");
                }
            }
        }
    }

    private static List<String> resultFields(InferOptions o) {
        try {
            return new ArrayList<>(ExecutorModels.prepare(o).schema().names());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the " + o.task() + " task: " + e.getMessage(), e);
        }
    }
}
