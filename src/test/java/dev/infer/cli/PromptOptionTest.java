package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --prompt-name picks one of the model card's prompts; --prefix stays free text; unknown names are exit 2. */
class PromptOptionTest {
    @TempDir
    Path tmp;

    private record Outcome(int code, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new Outcome(code, err.toString().strip());
    }

    @Test
    void aNamedPromptIsItsTextInFrontOfEveryRow() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.csv"), "text\nthe kettle is great\nit broke in a week\n");
        Path named = tmp.resolve("named.jsonl");
        Path typed = tmp.resolve("typed.jsonl");
        Path byDefault = tmp.resolve("default.jsonl");
        assertEquals(0, run("embed", "--model", "e5-small", "--in", in.toString(), "--out", named.toString(),
                "--prompt-name", "passage", "-q").code());
        assertEquals(0, run("embed", "--model", "e5-small", "--in", in.toString(), "--out", typed.toString(),
                "--prefix", "passage: ", "-q").code());
        assertEquals(0, run("embed", "--model", "e5-small", "--in", in.toString(), "--out", byDefault.toString(),
                "-q").code());
        assertEquals(Files.readString(typed), Files.readString(named));
        assertNotEquals(Files.readString(byDefault), Files.readString(named), "the default prompt is query");
    }

    @Test
    void unknownNamesAndBothOptionsAreExit2InOneSentence() throws Exception {
        Path in = Files.writeString(tmp.resolve("in.csv"), "text\nhello\n");
        String out = tmp.resolve("o.jsonl").toString();
        Outcome unknown = run("embed", "--model", "e5-small", "--in", in.toString(), "--out", out, "--prompt-name",
                "document");
        assertEquals(new Outcome(ExitCodes.USAGE, "infer: --prompt-name document is not a prompt of e5-small (its"
                + " prompts: query, passage)"), unknown);
        Outcome none = run("classify", "--model", "minilm", "--in", in.toString(), "--out", out, "--prompt-name",
                "query");
        assertEquals(new Outcome(ExitCodes.USAGE, "infer: --prompt-name query: minilm has no named prompts (give"
                + " the text itself as the prefix)"), none);
        Outcome both = run("embed", "--in", in.toString(), "--out", out, "--prompt-name", "query", "--prefix", "q: ");
        assertEquals(new Outcome(ExitCodes.USAGE, "infer: prefix and --prompt-name both say what goes in front of"
                + " every text; give one of them"), both);
    }
}
