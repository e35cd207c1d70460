package dev.infer.cli;

import dev.infer.cache.CacheException;
import dev.infer.io.InputException;
import dev.infer.io.OutputClosed;
import dev.infer.io.OutputFailure;
import dev.infer.hub.HubException;
import dev.infer.model.ModelException;
import dev.infer.pipeline.RowFailedException;
import dev.infer.task.OptionException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: runs the command line and maps every outcome to an exit code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line with its messages (help, version, errors, summaries, {@code model inspect})
     * on the given writers; rows still stream to standard output as bytes.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (args.length > 0 && InferCommand.isUnknownCommand(args[0])) {
            // Without its help flags, picocli reports the unknown word with its did-you-mean line.
            args = java.util.Arrays.stream(args).filter(a -> !a.equals("--help") && !a.equals("-h"))
                    .toArray(String[]::new);
        }
        CommandLine cli = InferCommand.commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(Main::onException);
        cli.setParameterExceptionHandler(Main::onBadParameter);
        return cli.execute(args);
    }

    private static int onBadParameter(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("infer: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** User errors get one line and exit 2; anything else one line and exit 1 (stack trace with INFER_DEBUG=1). */
    private static int onException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable cause = unwrap(e);
        int code = exitCodeOf(cause);
        String message = messageOf(cause);
        if (message != null) {
            err.println("infer: " + message);
        }
        if ("1".equals(System.getenv("INFER_DEBUG"))) {
            cause.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause instanceof java.util.concurrent.ExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The documented exit code for a run that ended with {@code cause} (see {@link ExitCodes}). */
    static int exitCodeOf(Throwable cause) {
        OutputFailure writeFailure = find(cause, OutputFailure.class);
        if (writeFailure instanceof OutputClosed) {
            return ExitCodes.PIPE_CLOSED;
        }
        if (writeFailure != null) {
            return ExitCodes.FAILURE;
        }
        if (cause instanceof OptionException || cause instanceof UsageException || cause instanceof InputException
                || cause instanceof ModelException || cause instanceof CacheException || cause instanceof HubException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    /** The one sentence said for {@code cause}, or null when nothing is said (a reader that closed the pipe). */
    static String messageOf(Throwable cause) {
        OutputFailure writeFailure = find(cause, OutputFailure.class);
        if (writeFailure instanceof OutputClosed) {
            return null; // like GNU tools under `head`: no message, the reader left on purpose
        }
        if (writeFailure != null) {
            return writeFailure.getMessage();
        }
        if (cause instanceof OptionException o) {
            return o.render(name -> "--" + name); // the engine names the option; here it is a flag
        }
        if (cause instanceof UsageException || cause instanceof InputException || cause instanceof ModelException
                || cause instanceof CacheException || cause instanceof HubException || cause instanceof RowFailedException) {
            return cause.getMessage();
        }
        return "error: " + describe(cause);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable s : c.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
