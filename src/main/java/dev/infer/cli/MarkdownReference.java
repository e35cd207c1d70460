package dev.infer.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The command reference as one Markdown page (docs/reference.md), from the same picocli model as the man pages. */
final class MarkdownReference {
    String render(List<CommandSpec> commands) {
        StringBuilder out = new StringBuilder();
        out.append("# Command reference\n\n")
                .append("<!-- Generated from the code by dev.infer.cli.ReferenceDocs: do not edit by hand."
                        + " Regenerate with scripts/reference. -->\n\n")
                .append("Every command and option of `infer`, as `infer COMMAND --help` prints them; also installed as")
                .append(" man pages (`man infer-classify`) by the package. Guides: [commands](commands.md).\n\n")
                .append("## Contents\n\n");
        for (CommandSpec c : commands) {
            out.append("- [").append(c.qualifiedName()).append("](#").append(anchor(c)).append(")\n");
        }
        for (CommandSpec c : commands) {
            out.append('\n').append("## ").append(c.qualifiedName()).append("\n\n");
            out.append("    ").append(CommandTree.synopsis(c)).append("\n\n");
            for (String paragraph : c.usageMessage().description()) {
                out.append(cell(paragraph.strip(), false)).append("\n\n");
            }
            if (!c.subcommands().isEmpty()) {
                out.append("| command | what it does |\n| --- | --- |\n");
                for (CommandLine sub : c.subcommands().values()) {
                    out.append("| [`").append(sub.getCommandName()).append("`](#").append(anchor(sub.getCommandSpec()))
                            .append(") | ").append(cell(ManPage.summary(sub.getCommandSpec()), true)).append(" |\n");
                }
                out.append('\n');
            }
            List<PositionalParamSpec> params = CommandTree.positionals(c);
            if (!params.isEmpty() || !CommandTree.options(c).isEmpty()) {
                out.append("| option | meaning |\n| --- | --- |\n");
                for (PositionalParamSpec p : params) {
                    out.append("| `").append(p.paramLabel().replace("|", "\\|")).append("` | ").append(cell(CommandTree.text(p), true)).append(" |\n");
                }
                for (OptionSpec o : CommandTree.options(c)) {
                    out.append("| `").append(CommandTree.label(o).replace("|", "\\|")).append("` | ")
                            .append(cell(CommandTree.text(o), true)).append(" |\n");
                }
                out.append('\n');
            }
            for (String note : CommandTree.notes(c)) {
                out.append(cell(note, false)).append("\n\n");
            }
            List<String> examples = CommandTree.examples(c);
            if (!examples.isEmpty()) {
                out.append("Examples:\n\n");
                for (String e : examples) {
                    out.append("    ").append(e).append('\n');
                }
                out.append('\n');
            }
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** GitHub's heading anchor: lower case, spaces to dashes. */
    static String anchor(CommandSpec c) {
        return c.qualifiedName().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    /** Text safe in a table cell (pipes escaped) or a paragraph; angle brackets would read as HTML. */
    private static String cell(String s, boolean table) {
        String t = s.replace("<", "&lt;").replace(">", "&gt;");
        return table ? t.replace("|", "\\|") : t;
    }
}
