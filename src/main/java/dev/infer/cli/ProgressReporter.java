package dev.infer.cli;

import dev.infer.pipeline.ProgressListener;
import dev.infer.pipeline.RunStats;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar on stderr: rows done, rows/s and, for a file input, an ETA from the bytes read.
 * Shown only when stderr is a terminal.
 */
final class ProgressReporter implements ProgressListener, AutoCloseable {
    private final ProgressBar bar;
    /** The input's size in bytes, or -1 (stdin): then the bar counts rows. */
    private final long inputBytes;

    private ProgressReporter(ProgressBar bar, long inputBytes) {
        this.bar = bar;
        this.inputBytes = inputBytes;
    }

    /** @param inputBytes the input file's size, or -1 when unknown (stdin) */
    static ProgressReporter start(String task, long inputBytes, PrintStream err) {
        boolean byBytes = inputBytes > 0;
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setStyle(ProgressBarStyle.ASCII)
                // A fixed width: asking for the terminal's width makes the bar library open a JLine terminal,
                // which installs the default SIGINT handler over ours, so Ctrl-C would kill the run outright.
                .setConsumer(new ConsoleProgressBarConsumer(err, terminalColumns()))
                .setUpdateIntervalMillis(250);
        if (byBytes) {
            boolean large = inputBytes >= 10L << 20;
            b.setInitialMax(inputBytes).setUnit(large ? " MB" : " KB", large ? 1 << 20 : 1 << 10); // ETA from bytes read
        } else {
            b.setInitialMax(-1).setUnit(" rows", 1).hideEta();
        }
        return new ProgressReporter(b.build(), inputBytes);
    }

    /** The launcher passes the terminal's width ({@code stty size}); else $COLUMNS; else 80. */
    static int terminalColumns() {
        for (String v : new String[] {System.getProperty("infer.stderr.columns"), System.getenv("COLUMNS")}) {
            try {
                if (v != null && Integer.parseInt(v.trim()) > 20) {
                    return Integer.parseInt(v.trim());
                }
            } catch (NumberFormatException e) {
                // not a width: try the next source
            }
        }
        return 80;
    }

    static boolean stderrIsTerminal() {
        String launcher = System.getProperty("infer.stderr.tty");
        if (launcher != null) {
            return Boolean.parseBoolean(launcher);
        }
        return System.console() != null;
    }

    @Override
    public void onProgress(RunStats.Snapshot s) {
        bar.stepTo(position(s, inputBytes));
        bar.setExtraMessage(message(s));
    }

    /**
     * Where the bar stands: rows done, or for a file the bytes whose rows are done. The reader runs ahead
     * of the model (a small file is read at once), so bytes read alone would show 100% long before the end.
     */
    static long position(RunStats.Snapshot s, long inputBytes) {
        long done = s.rowsWritten() + s.rowsSkipped();
        if (inputBytes <= 0) {
            return done;
        }
        return s.rowsRead() == 0 ? 0 : Math.min(s.bytesRead(), Math.round((double) s.bytesRead() * done / s.rowsRead()));
    }

    /** Rows and rate at a fixed width, so the bar does not jump as the numbers grow. */
    static String message(RunStats.Snapshot s) {
        return String.format("%,11d rows %7.0f rows/s", s.rowsWritten() + s.rowsSkipped(), s.rowsPerSecond());
    }

    @Override
    public void close() {
        bar.close();
    }
}
