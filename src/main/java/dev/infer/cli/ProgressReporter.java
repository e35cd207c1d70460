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
    private final boolean byBytes;

    private ProgressReporter(ProgressBar bar, boolean byBytes) {
        this.bar = bar;
        this.byBytes = byBytes;
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
        return new ProgressReporter(b.build(), byBytes);
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
        bar.stepTo(byBytes ? s.bytesRead() : s.rowsWritten());
        bar.setExtraMessage(String.format("%,d rows  %.0f rows/s  queue %d", s.rowsWritten(), s.rowsPerSecond(),
                s.queueDepth()));
    }

    @Override
    public void close() {
        bar.close();
    }
}
