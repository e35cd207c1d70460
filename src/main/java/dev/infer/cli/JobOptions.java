package dev.infer.cli;

import dev.infer.task.OptionSpec;
import dev.infer.task.OptionValues;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The bridge between the job layer's option specs and picocli: a command's job options are built from the specs
 * (never declared again as annotations), and read back as {@link OptionValues}. Used by every picocli front end
 * (the CLI's task commands, {@code infer serve}, Spark's {@code InferJob}).
 */
public final class JobOptions {
    private JobOptions() {
    }

    /** Adds an option to {@code command} for each spec, in order. */
    public static void add(CommandSpec command, List<OptionSpec<?>> specs) {
        for (OptionSpec<?> spec : specs) {
            List<String> names = new ArrayList<>(spec.shortNames());
            names.add(spec.cliName());
            var b = picocli.CommandLine.Model.OptionSpec.builder(names.toArray(new String[0]))
                    .description(spec.description().replace("%", "%%"));
            if (spec.flag()) {
                b.type(boolean.class).arity("0");
            } else {
                // Plain types parse as picocli parses them; the others (choices, durations) by the spec itself,
                // so every front end gives the same sentence for a bad value.
                boolean plain = spec.type() == String.class || spec.type() == Integer.class
                        || spec.type() == Long.class || spec.type() == Double.class;
                b.type(plain ? spec.type() : String.class).paramLabel(spec.label()).arity("1");
            }
            command.addOption(b.build());
        }
    }

    /** The values given on the command line for {@code specs} (options left out have no entry). */
    public static OptionValues read(CommandSpec command, List<OptionSpec<?>> specs) {
        OptionValues.Builder values = OptionValues.builder();
        for (OptionSpec<?> spec : specs) {
            picocli.CommandLine.Model.OptionSpec o = command.findOption(spec.cliName());
            if (o == null || o.originalStringValues().isEmpty()) {
                continue;
            }
            values.setObject(spec, spec.flag() ? Boolean.TRUE : o.getValue());
        }
        return values.build();
    }
}
