package dev.infer.task;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The registry of tasks every front end offers. To add a task: implement {@link TaskKind} (the kinds here are
 * the examples), list it below, and it becomes {@code infer NAME}, Spark's {@code Infer.run(df, options)} and
 * {@code InferJob NAME}, and the serve routes that read it; {@code TaskKindContractTest} checks it.
 */
public final class TaskKinds {
    private static final List<TaskKind> ALL = List.of(EmbedKind.INSTANCE, ClassifyKind.INSTANCE, TokenizeKind.INSTANCE);

    private TaskKinds() {
    }

    /** Every kind, in the order help lists them. */
    public static List<TaskKind> all() {
        return ALL;
    }

    public static Optional<TaskKind> find(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** The kind named, or one sentence listing the names. */
    public static TaskKind named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        return find(n).orElseThrow(() -> new OptionException("task", "'" + name + "' is not an infer task (use "
                + names() + ")"));
    }

    /** "embed, classify or tokenize". */
    public static String names() {
        List<String> names = ALL.stream().map(TaskKind::name).toList();
        return names.size() == 1 ? names.get(0) : names.subList(0, names.size() - 1).stream()
                .collect(Collectors.joining(", ")) + " or " + names.get(names.size() - 1);
    }

    /** Every option of every kind, each once (kinds share some, such as {@code prefix}), in help order. */
    public static List<OptionSpec<?>> allOptions() {
        java.util.Map<String, OptionSpec<?>> byKey = new java.util.LinkedHashMap<>();
        for (TaskKind k : ALL) {
            for (OptionSpec<?> o : k.options()) {
                byKey.putIfAbsent(o.key(), o);
            }
        }
        return List.copyOf(byKey.values());
    }
}
