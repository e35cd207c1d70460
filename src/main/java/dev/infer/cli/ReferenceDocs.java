package dev.infer.cli;

import dev.infer.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes the man pages and the Markdown reference from the picocli model; the build runs it (prepare-package)
 * into target/, and {@code ReferenceDocsTest} fails when docs/reference.md is not what it writes.
 * Usage: {@code ReferenceDocs MAN_DIR MARKDOWN_FILE}.
 */
public final class ReferenceDocs {
    private ReferenceDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ReferenceDocs MAN_DIR MARKDOWN_FILE");
            System.exit(ExitCodes.USAGE);
        }
        Path man = Path.of(args[0]);
        Files.createDirectories(man);
        ManPage pages = new ManPage(BuildInfo.load().version());
        for (CommandSpec c : CommandTree.all()) {
            Files.writeString(man.resolve(CommandTree.pageName(c) + ".1"), pages.render(c), StandardCharsets.UTF_8);
        }
        Path md = Path.of(args[1]);
        if (md.getParent() != null) {
            Files.createDirectories(md.getParent());
        }
        Files.writeString(md, markdown(), StandardCharsets.UTF_8);
    }

    /** The Markdown reference of every command. */
    static String markdown() {
        return new MarkdownReference().render(CommandTree.all());
    }
}
