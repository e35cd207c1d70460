package dev.infer.cli;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM stop a run gracefully: the first asks the pipeline to stop (finish work in
 * flight, write and checkpoint); a second SIGINT exits at once (the last checkpoint still holds).
 *
 * <p>A SIGINT the process inherited as ignored stays ignored (the JVM refuses to handle it): a
 * non-interactive shell starts background jobs that way so a Ctrl-C meant for the foreground does not
 * reach them, and GNU tools (sort, for one) keep it so. Scripts stop a run with SIGTERM.
 */
final class Signals implements AutoCloseable {
    private final AtomicReference<String> received = new AtomicReference<>();
    private final SignalHandler previousInt;
    private final SignalHandler previousTerm;

    private Signals(Runnable onStop) {
        previousInt = Signal.handle(new Signal("INT"), s -> {
            if (!received.compareAndSet(null, "INT")) {
                Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            }
            onStop.run();
        });
        previousTerm = Signal.handle(new Signal("TERM"), s -> {
            received.compareAndSet(null, "TERM");
            onStop.run();
        });
    }

    static Signals install(Runnable onStop) {
        return new Signals(onStop);
    }

    /** The exit code for the signal that stopped the run, or {@code null} if none did. */
    Integer exitCode() {
        String s = received.get();
        if (s == null) {
            return null;
        }
        return s.equals("INT") ? ExitCodes.INTERRUPTED : ExitCodes.TERMINATED;
    }

    @Override
    public void close() {
        Signal.handle(new Signal("INT"), previousInt);
        Signal.handle(new Signal("TERM"), previousTerm);
    }
}
