package dev.infer.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A fish completion script from the picocli model: fish has no bash emulation, so it gets its own. */
final class FishCompletion {
    String render(CommandSpec root) {
        StringBuilder out = new StringBuilder("# fish completion for infer (made by 'infer completion fish')\n")
                .append("complete -c infer -e\n");
        walk(root, out);
        return out.toString();
    }

    private void walk(CommandSpec spec, StringBuilder out) {
        String here = condition(spec);
        List<String> subNames = spec.subcommands().keySet().stream().toList();
        for (CommandLine sub : spec.subcommands().values()) {
            String when = spec.parent() == null ? "__fish_use_subcommand"
                    : here + "; and not __fish_seen_subcommand_from " + String.join(" ", subNames);
            out.append("complete -c infer -f -n '").append(when).append("' -a ").append(sub.getCommandName())
                    .append(" -d ").append(quote(ManPage.summary(sub.getCommandSpec()))).append('\n');
        }
        for (OptionSpec o : CommandTree.options(spec)) {
            out.append("complete -c infer -n '").append(spec.parent() == null ? "__fish_use_subcommand" : here).append('\'');
            for (String name : o.names()) {
                out.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
            }
            if (o.arity().max() > 0) {
                out.append(" -r");
                Iterable<String> candidates = o.completionCandidates();
                if (candidates != null) {
                    out.append(" -f -a ").append(quote(String.join(" ", candidates)));
                }
            }
            out.append(" -d ").append(quote(firstSentence(CommandTree.text(o)))).append('\n');
        }
        for (CommandLine sub : spec.subcommands().values()) {
            walk(sub.getCommandSpec(), out);
        }
    }

    /** True in fish once this command's name (and its parents') has been typed. */
    private static String condition(CommandSpec spec) {
        return spec.parent() == null ? "true" : "__fish_seen_subcommand_from " + spec.name()
                + (spec.parent().parent() == null ? "" : "; and " + condition(spec.parent()));
    }

    private static String firstSentence(String s) {
        int stop = s.replace("e.g. ", "e.g._").indexOf(". "); // "e.g." ends no sentence
        return stop > 0 ? s.substring(0, stop + 1) : s;
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
