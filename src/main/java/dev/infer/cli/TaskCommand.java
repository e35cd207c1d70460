package dev.infer.cli;

import dev.infer.job.JobSpec;
import dev.infer.task.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command of one task kind ({@code infer embed}, {@code infer classify} ...): where rows come from and go,
 * then the job's options as the task registry declares them, then the CLI's own run settings. Every kind in
 * the registry is a command of this class.
 */
@Command(sortOptions = false)
final class TaskCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin InputOptions input;
    @Mixin OutputOptions output;
    private final TaskKind kind;
    private final RunSettings settings = new RunSettings();

    private TaskCommand(TaskKind kind) {
        this.kind = kind;
    }

    /** The kind's command, its help made from the kind's own words. */
    static CommandLine commandLine(TaskKind kind) {
        TaskCommand command = new TaskCommand(kind);
        CommandSpec spec = CommandSpec.forAnnotatedObject(command);
        spec.name(kind.name());
        List<String> description = new ArrayList<>();
        description.add(kind.summary());
        description.addAll(kind.details());
        spec.usageMessage().description(description.toArray(new String[0]));
        List<String> footer = new ArrayList<>(List.of("", kind.examples().size() == 1 ? "Example:" : "Examples:"));
        kind.examples().forEach(e -> footer.add("  " + e));
        spec.usageMessage().footer(footer.toArray(new String[0]));
        JobOptions.add(spec, JobSpec.optionsOf(kind));
        spec.addMixin("settings", CommandSpec.forAnnotatedObject(command.settings));
        spec.mixinStandardHelpOptions(true); // last in help, as on every other command
        return new CommandLine(spec);
    }

    @Override
    public Integer call() throws Exception {
        JobSpec job = JobSpec.of(kind, JobOptions.read(spec, JobSpec.optionsOf(kind)));
        // values and files are checked before a model loads: a bad examples file fails in milliseconds
        var prepared = job.prepareTask(settings.quiet ? null : System.err);
        return new JobRunner(spec, input, output, settings, spec.commandLine().getErr()).run(job, prepared);
    }
}
