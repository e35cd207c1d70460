package dev.infer.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a shell completion script for infer: commands, options, and the values of options"
                + " that take a fixed set (bash; zsh loads the same script through bashcompinit; fish).",
            "Install it once: bash: infer completion bash > ~/.local/share/bash-completion/completions/infer;"
                    + " zsh: echo 'source <(infer completion zsh)' >> ~/.zshrc;"
                    + " fish: infer completion fish > ~/.config/fish/completions/infer.fish."},
        footer = {"", "Examples:",
            "  source <(infer completion bash)",
            "  infer completion fish > ~/.config/fish/completions/infer.fish"})
final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh, fish }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(script(shell));
        out.flush();
        return ExitCodes.OK;
    }

    /** The script for {@code shell}, made from every command (this run built only 'completion'). */
    static String script(Shell shell) {
        return switch (shell) {
            // picocli's script starts with its own zsh branch (compinit + bashcompinit), so one script serves both
            case bash, zsh -> AutoComplete.bash("infer", InferCommand.commandLine());
            case fish -> new FishCompletion().render(CommandTree.root());
        };
    }
}
