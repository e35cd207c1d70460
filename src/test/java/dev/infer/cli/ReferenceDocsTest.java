package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The reference cannot drift: it is the code's, and every infer command line the docs show uses real flags. */
class ReferenceDocsTest {
    private static final Path REFERENCE = Path.of("docs/reference.md");

    @Test
    void theCommittedReferenceIsWhatTheCodeGenerates() throws IOException {
        assertTrue(Files.exists(REFERENCE), "docs/reference.md exists");
        assertEquals(ReferenceDocs.markdown(), Files.readString(REFERENCE),
                "docs/reference.md differs from the commands' picocli model: run scripts/reference and commit it");
    }

    @Test
    void everyCommandOptionAndParameterIsDescribed() {
        for (CommandSpec c : CommandTree.all()) {
            assertTrue(c.usageMessage().description().length > 0, c.qualifiedName() + " has a description");
            for (OptionSpec o : CommandTree.options(c)) {
                assertFalse(CommandTree.text(o).isBlank(), c.qualifiedName() + " " + o.longestName() + " has a description");
            }
            CommandTree.positionals(c).forEach(p -> assertFalse(CommandTree.text(p).isBlank(),
                    c.qualifiedName() + " " + p.paramLabel() + " has a description"));
        }
    }

    @Test
    void everyManPageNamesEveryOptionOfItsCommand() {
        ManPage pages = new ManPage("test");
        for (CommandSpec c : CommandTree.all()) {
            String page = pages.render(c);
            assertTrue(page.startsWith(".TH " + CommandTree.pageName(c).toUpperCase(java.util.Locale.ROOT) + " 1 "), page);
            for (OptionSpec o : CommandTree.options(c)) {
                assertTrue(page.contains("\\fB" + ManPage.escape(o.longestName()) + "\\fR"), c.qualifiedName() + " " + o.longestName());
            }
        }
    }

    /** `infer CMD ... --flag` in a code span, a fenced block or an indented block: the flag must exist on CMD. */
    @Test
    void everyFlagTheDocsGiveAnInferCommandExists() throws IOException {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            for (String line : commandLines(Files.readString(doc))) {
                CommandSpec spec = resolve(line);
                if (spec == null) {
                    continue;
                }
                Set<String> names = spec.options().stream().flatMap(o -> Arrays.stream(o.names())).collect(Collectors.toSet());
                Matcher m = FLAG.matcher(line);
                while (m.find()) {
                    checked++;
                    if (!names.contains(m.group(1))) {
                        wrong.add(doc + ": " + spec.qualifiedName() + " has no " + m.group(1) + " (in: " + line.strip() + ")");
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked > 50, "the docs' command lines were found (" + checked + " flags checked)");
    }

    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])(--[a-z][a-z0-9-]*)");
    private static final Pattern INVOCATION = Pattern.compile("(?:^|[\\s`(|;&$])(?:\\./scripts/|bin/)?infer ((?:[a-z][a-z-]*)(?: [^`]*)?)");

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md") && !p.equals(REFERENCE)).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The text after "infer " of every invocation in code, with continuation lines joined and shell syntax cut. */
    static List<String> commandLines(String markdown) {
        List<String> out = new ArrayList<>();
        String joined = markdown.replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            boolean block = line.startsWith("    ") || line.startsWith("\t");
            for (String code : block ? List.of(line) : spans(line)) {
                Matcher m = INVOCATION.matcher(code);
                while (m.find()) {
                    out.add(m.group(1).split("[|;>#]|&&|\\$\\(|2>", 2)[0]);
                }
            }
        }
        return out;
    }

    private static List<String> spans(String line) {
        List<String> spans = new ArrayList<>();
        String[] parts = line.split("`", -1);
        for (int i = 1; i < parts.length; i += 2) {
            spans.add(parts[i]);
        }
        return spans;
    }

    /** The (sub)command a command line names, or null when its first word is no infer command. */
    private static CommandSpec resolve(String line) {
        CommandLine cli = InferCommand.commandLine();
        CommandSpec spec = null;
        for (String word : line.strip().split("\\s+")) {
            CommandLine sub = cli.getSubcommands().get(word);
            if (sub == null) {
                break;
            }
            cli = sub;
            spec = sub.getCommandSpec();
        }
        return spec;
    }
}
