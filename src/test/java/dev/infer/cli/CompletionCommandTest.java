package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.testing.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion scripts in a real bash: sourced, registered, and asked what `infer cl<TAB>` completes to. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    private ProcessResult bash(String script) throws Exception {
        Path completion = dir.resolve("infer.bash");
        Files.writeString(completion, CompletionCommand.script(CompletionCommand.Shell.bash));
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", "source " + completion + "\n" + script)
                .directory(dir.toFile()).start();
        p.getOutputStream().close();
        return ProcessResult.await(p, 60, "bash");
    }

    /** Calls the completion function as bash would on TAB, with the words typed so far; prints the candidates. */
    private static String complete(String... words) {
        StringBuilder s = new StringBuilder("COMP_WORDS=(");
        for (String w : words) {
            s.append('\'').append(w).append("' ");
        }
        String line = String.join(" ", words);
        return s.append(")\nCOMP_CWORD=").append(words.length - 1).append("\nCOMP_LINE='").append(line)
                .append("'\nCOMP_POINT=").append(line.length())
                .append("\nCOMPREPLY=()\n_complete_infer 2>/dev/null\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n").toString();
    }

    @Test
    void sourcingRegistersTheFunctionForInfer() throws Exception {
        ProcessResult r = bash("complete -p infer");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("-F _complete_infer infer"), r.stdout());
    }

    @Test
    void commandsSubcommandsAndOptionsComplete() throws Exception {
        assertEquals("classify\n", bash(complete("infer", "cl")).stdout());
        assertEquals("inspect\n", bash(complete("infer", "model", "ins")).stdout());
        assertEquals("--max-queued-inputs\n", bash(complete("infer", "serve", "--max-q")).stdout());
        String all = bash(complete("infer", "")).stdout();
        for (String command : new String[] {"embed", "classify", "tokenize", "serve", "model", "cache", "completion"}) {
            assertTrue(all.lines().anyMatch(command::equals), command + " in " + all);
        }
    }

    @Test
    void zshGetsTheSameScriptThroughBashcompinitAndFishItsOwn() {
        String zsh = CompletionCommand.script(CompletionCommand.Shell.zsh);
        assertEquals(CompletionCommand.script(CompletionCommand.Shell.bash), zsh);
        assertTrue(zsh.contains("bashcompinit"), "picocli's script loads bashcompinit under zsh");
        String fish = CompletionCommand.script(CompletionCommand.Shell.fish);
        assertTrue(fish.contains("complete -c infer -f -n '__fish_use_subcommand' -a classify"), fish);
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from inspect; and __fish_seen_subcommand_from model' -l json"), fish);
        assertTrue(fish.contains("-l pooling -r -f -a") || fish.contains("-l format -r -f -a 'CSV TSV JSONL'"), fish);
    }
}
