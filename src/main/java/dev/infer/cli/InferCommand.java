package dev.infer.cli;

import dev.infer.BuildInfo;
import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "infer",
        mixinStandardHelpOptions = true,
        versionProvider = InferCommand.Version.class,
        description = {
            "Batch inference with transformer models on the CPU.",
            "Streams CSV, TSV or JSONL rows through a model and writes every row back, in input order,"
                    + " with the model's answer added."
        },
        footer = {
            "",
            "Examples:",
            "  infer classify --in reviews.csv > labeled.csv",
            "  cat docs.jsonl | infer embed --format jsonl > vectors.jsonl",
            "  infer tokenize --in prompts.csv --max-tokens 512",
            "  infer embed --in today.csv --out vectors.jsonl --cache nightly.cache",
            "  infer serve --port 8080",
            "  source <(infer completion bash)",
            "",
            "Exit codes: 0 ok, 1 failure, 2 usage error, 3 some rows failed,",
            "130/143 stopped by SIGINT/SIGTERM. Scripts stop a run with SIGTERM (kill PID):",
            "a job a script starts in the background ignores SIGINT, and infer leaves it",
            "ignored, as GNU tools do."
        })
public final class InferCommand implements Runnable {
    /** The commands besides the tasks' (which come first, from the task registry), in the order help lists them. */
    private static final List<Class<?>> OTHER_COMMANDS = List.of(ServeCommand.class, ModelCommand.class,
            CacheCommand.class, CompletionCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required (" + String.join(", ", names()) + ")");
    }

    /**
     * The command line for {@code args}: when the first argument names a command, only that command is
     * built. picocli reflects over every option of every command it is given (~0.1 s of a 0.6 s start);
     * help, errors and suggestions for a mistyped command still see them all. Settings made on the result
     * reach the commands added here.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new InferCommand());
        String first = args.length > 0 ? args[0] : null;
        boolean all = !names().contains(first);
        for (TaskKind kind : TaskKinds.all()) {
            if (all || kind.name().equals(first)) {
                cli.addSubcommand(kind.name(), TaskCommand.commandLine(kind));
            }
        }
        for (Class<?> command : OTHER_COMMANDS) {
            if (all || nameOf(command).equals(first)) {
                // serve's job options come from the task registry, added to its annotated ones
                cli.addSubcommand(nameOf(command), command == ServeCommand.class ? ServeCommand.commandLine()
                        : new CommandLine(command));
            }
        }
        cli.addSubcommand("help", new CommandLine.HelpCommand()); // `infer help [COMMAND]`, as git and go have it
        return cli;
    }

    /**
     * Whether {@code word} is meant as a command that does not exist: {@code infer rerun --help} is a typo
     * to point out (exit 2), not a request for the top-level help.
     */
    static boolean isUnknownCommand(String word) {
        return !word.startsWith("-") && !word.equals("help") && !names().contains(word);
    }

    /** Every command's name, in help order: the tasks', then the others. */
    private static List<String> names() {
        List<String> names = new java.util.ArrayList<>(TaskKinds.all().stream().map(TaskKind::name).toList());
        OTHER_COMMANDS.forEach(c -> names.add(nameOf(c)));
        return names;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            return new String[] {
                "infer " + b.version(),
                "ONNX Runtime " + b.onnxRuntimeVersion() + ", DJL tokenizers " + b.djlVersion()
                        + ", Java " + System.getProperty("java.version"),
                // which runtime: the package's own (jlink) or whatever java the launcher found
                "Runtime: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home")
            };
        }
    }
}
