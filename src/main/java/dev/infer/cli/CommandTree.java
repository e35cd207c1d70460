package dev.infer.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command of infer as the picocli model sees it, in help order: the one source the man pages, the
 * Markdown reference and the shell completions are made from, so none of them can drift from the code.
 */
final class CommandTree {
    private CommandTree() {
    }

    /** The whole command line, every command built (the reference needs all of them). */
    static CommandSpec root() {
        return InferCommand.commandLine().getCommandSpec();
    }

    /** The root and every command under it, depth first in the order help lists them. */
    static List<CommandSpec> all() {
        List<CommandSpec> out = new ArrayList<>();
        collect(root(), out);
        return out;
    }

    private static void collect(CommandSpec spec, List<CommandSpec> out) {
        out.add(spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() && sub.getCommandName().equals(sub.getCommandSpec().name())) {
                collect(sub.getCommandSpec(), out);
            }
        }
    }

    /** {@code infer-model-inspect}: the man page's name. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    /** The options a user sees (hidden ones are left out), in declaration order. */
    static List<OptionSpec> options(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    static List<PositionalParamSpec> positionals(CommandSpec spec) {
        return spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    }

    /** {@code --in, -i FILE}-style label: every name, then the value's label when it takes one. */
    static String label(OptionSpec o) {
        String names = String.join(", ", o.names());
        return o.arity().max() > 0 ? names + " " + o.paramLabel() : names;
    }

    /** One line of usage: the command, [OPTIONS], its parameters, and COMMAND when it has subcommands. */
    static String synopsis(CommandSpec spec) {
        StringBuilder s = new StringBuilder(spec.qualifiedName());
        if (!options(spec).isEmpty()) {
            s.append(" [OPTIONS]");
        }
        for (PositionalParamSpec p : positionals(spec)) {
            s.append(' ').append(p.arity().min() == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel());
        }
        if (!spec.subcommands().isEmpty()) {
            s.append(" COMMAND");
        }
        return s.toString();
    }

    /** The description as paragraphs, variables such as the default value filled in. */
    static String text(ArgSpec arg) {
        return String.join(" ", arg.description()).strip();
    }

    /** The footer's example lines (the footer's lines after "Examples:"/"Example:"), without indentation. */
    static List<String> examples(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : spec.usageMessage().footer()) {
            if (line.strip().startsWith("Example")) {
                in = true;
            } else if (in && line.startsWith("  ")) {
                out.add(line.strip());
            } else if (in && !line.isBlank()) {
                in = false;
            }
        }
        return out;
    }

    /** Footer lines that are not examples (the root's exit codes line, for instance). */
    static List<String> notes(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : spec.usageMessage().footer()) {
            if (line.strip().startsWith("Example")) {
                in = true;
            } else if (in && (line.startsWith("  ") || line.isBlank())) {
                continue;
            } else if (!line.isBlank()) {
                in = false;
                out.add(line.strip());
            }
        }
        return out;
    }
}
