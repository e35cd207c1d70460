package dev.infer.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A man page (roff, man(7) macros) for one command, written straight from its picocli model so that
 * {@code man infer-classify} needs nothing but man itself (picocli-codegen writes AsciiDoc, which would need
 * asciidoctor at build time). No date in it: the same code gives the same bytes.
 */
final class ManPage {
    private final String version;

    ManPage(String version) {
        this.version = version;
    }

    String render(CommandSpec spec) {
        String name = CommandTree.pageName(spec);
        StringBuilder out = new StringBuilder();
        out.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"infer ")
                .append(escape(version)).append("\" \"infer manual\"\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(spec))).append('\n');
        out.append(".SH SYNOPSIS\n.B ").append(escape(CommandTree.synopsis(spec))).append('\n');
        out.append(".SH DESCRIPTION\n");
        boolean first = true;
        for (String paragraph : spec.usageMessage().description()) {
            if (!first) {
                out.append(".PP\n");
            }
            out.append(line(paragraph));
            first = false;
        }
        if (!spec.subcommands().isEmpty()) {
            out.append(".SH COMMANDS\n");
            for (CommandLine sub : spec.subcommands().values()) {
                out.append(".TP\n.B ").append(escape(sub.getCommandName())).append('\n')
                        .append(line(summary(sub.getCommandSpec())))
                        .append("See \\fB").append(escape(CommandTree.pageName(sub.getCommandSpec()))).append("\\fR(1).\n");
            }
        }
        List<PositionalParamSpec> params = CommandTree.positionals(spec);
        if (!params.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                out.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n').append(line(CommandTree.text(p)));
            }
        }
        out.append(".SH OPTIONS\n");
        for (OptionSpec o : CommandTree.options(spec)) {
            out.append(".TP\n").append(optionLabel(o)).append('\n').append(line(CommandTree.text(o)));
        }
        List<String> notes = CommandTree.notes(spec);
        if (!notes.isEmpty()) {
            out.append(".SH NOTES\n");
            for (String n : notes) {
                out.append(line(n));
            }
        }
        List<String> examples = CommandTree.examples(spec);
        if (!examples.isEmpty()) {
            out.append(".SH EXAMPLES\n.nf\n");
            for (String e : examples) {
                out.append(".RS 4\n").append(escape(e).startsWith(".") ? "\\&" : "").append(escape(e)).append("\n.RE\n");
            }
            out.append(".fi\n");
        }
        out.append(".SH SEE ALSO\n").append(seeAlso(spec)).append('\n');
        return out.toString();
    }

    private static String seeAlso(CommandSpec spec) {
        StringBuilder s = new StringBuilder();
        CommandSpec parent = spec.parent();
        if (parent != null) {
            s.append("\\fB").append(escape(CommandTree.pageName(parent))).append("\\fR(1), ");
        }
        for (CommandLine sub : spec.subcommands().values()) {
            s.append("\\fB").append(escape(CommandTree.pageName(sub.getCommandSpec()))).append("\\fR(1), ");
        }
        return s.append("the documentation under docs/ in the infer sources.").toString();
    }

    /** The description's first sentence: what the command does, for NAME and whatis. */
    static String summary(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        String first = d.length == 0 ? spec.name() : d[0].strip();
        int stop = first.indexOf(". ");
        first = stop > 0 ? first.substring(0, stop) : first;
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static String optionLabel(OptionSpec o) {
        StringBuilder s = new StringBuilder();
        String[] names = o.names();
        for (int i = 0; i < names.length; i++) {
            s.append(i == 0 ? "" : ", ").append("\\fB").append(escape(names[i])).append("\\fR");
        }
        if (o.arity().max() > 0) {
            s.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
        }
        return s.toString();
    }

    /** A text line, safe as a roff input line (a leading dot or quote would be read as a request). */
    private static String line(String text) {
        String e = escape(text.strip());
        return (e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e) + "\n";
    }

    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
