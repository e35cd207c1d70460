package dev.infer.io;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one rule for naming output fields so that a result never overwrites an input field: a result
 * field (or {@code error}) whose name the input row already has is written as {@code infer_<name>},
 * with the prefix repeated until the name is free ({@code infer_infer_label}). Names are also kept
 * distinct from each other, in order. CSV/TSV output decides once from the header; JSONL output
 * decides per row from that row's own keys, so a row without a {@code label} key keeps {@code label}.
 */
public final class OutputNames {
    public static final String PREFIX = "infer_";
    /** The field that carries a failed row's reason. */
    public static final String ERROR = "error";

    private OutputNames() {
    }

    /** The output name of each wanted name, given which names the input row already uses. */
    public static String[] resolve(List<String> wanted, Predicate<String> inputHas) {
        String[] out = new String[wanted.size()];
        Set<String> used = null;
        for (int i = 0; i < out.length; i++) {
            String n = wanted.get(i);
            while (inputHas.test(n) || (used != null && used.contains(n))) {
                n = PREFIX + n;
            }
            if (used == null) {
                used = new HashSet<>();
            }
            used.add(n);
            out[i] = n;
        }
        return out;
    }

    /** The output names of the result fields followed by the error field's name. */
    public static String[] resultAndErrorNames(List<String> resultFields, Predicate<String> inputHas) {
        String[] wanted = resultFields.toArray(new String[resultFields.size() + 1]);
        wanted[resultFields.size()] = ERROR;
        return resolve(Arrays.asList(wanted), inputHas);
    }
}
