package dev.infer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.infer.pipeline.PipelineConfig;
import dev.infer.pipeline.RunStats;
import dev.infer.pipeline.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The end-of-run summary: one line on stderr, and optionally a JSON file for monitoring. */
final class SummaryReport {
    private SummaryReport() {
    }

    /** @param resumable the output has a checkpoint, so a stopped run can be continued with --resume */
    static String line(RunSummary summary, PipelineConfig config, boolean resumable) {
        boolean batched = config.batched();
        RunStats.Snapshot s = summary.stats();
        StringBuilder b = new StringBuilder(String.format("infer: %s in %.1f s (%.1f rows/s), %,d failed",
                rows(s.rowsRead()), s.seconds(), s.rowsPerSecond(), s.rowsFailed()));
        if (s.rowsSkipped() > 0) {
            b.append(String.format(", %,d skipped", s.rowsSkipped()));
        }
        if (batched) {
            b.append(String.format(", padding efficiency %.1f%%", 100 * s.paddingEfficiency()));
        }
        if (summary.workersReplaced() > 0) {
            b.append(String.format(", %d workers replaced", summary.workersReplaced()));
        }
        if (config.startRow() > 0) {
            b.append(String.format(", resumed after row %,d", config.startRow()));
        }
        if (summary.interrupted()) {
            b.append("; stopped early after ").append(rows(summary.rowsCommitted()))
                    .append(resumable ? " — --resume continues" : "");
        }
        return b.toString();
    }

    /** The reuse part of the summary line ("" when nothing was reused and there is no cache). */
    static String reuse(dev.infer.pipeline.ReuseCounts r, boolean cached) {
        StringBuilder b = new StringBuilder();
        if (r.repeats() > 0) {
            b.append(String.format(", %,d repeats reused", r.repeats()));
        }
        if (cached) {
            b.append(String.format(", cache: %,d hits, %,d added", r.cacheHits(), r.cacheAdded()));
        }
        return b.toString();
    }

    static Map<String, Object> reuseFields(dev.infer.pipeline.ReuseCounts r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows_repeated", r.repeats());
        m.put("cache_hits", r.cacheHits());
        m.put("cache_added", r.cacheAdded());
        return m;
    }

    /** @param config null when the run failed before it was configured */
    static Map<String, Object> fields(RunSummary summary, String command, int exitCode, PipelineConfig config) {
        RunStats.Snapshot s = summary.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("exit_code", exitCode);
        m.put("completed", !summary.interrupted());
        m.put("rows_read", s.rowsRead());
        m.put("rows_written", s.rowsWritten());
        m.put("rows_failed", s.rowsFailed());
        m.put("rows_skipped", s.rowsSkipped());
        m.put("rows_committed", summary.rowsCommitted());
        m.put("seconds", round(s.seconds()));
        m.put("rows_per_second", round(s.rowsPerSecond()));
        m.put("tokens", s.realTokens());
        m.put("tokens_per_second", round(s.seconds() > 0 ? s.realTokens() / s.seconds() : 0));
        m.put("padded_tokens", s.paddedTokens());
        m.put("padding_efficiency", round(s.paddingEfficiency()));
        m.put("model_calls", s.modelCalls());
        m.put("mean_call_ms", round(s.meanCallMillis()));
        m.put("resumed_from_row", config != null ? config.startRow() : 0);
        m.put("workers_replaced", summary.workersReplaced());
        m.put("threads", config != null ? config.threads() : null); // null: the run failed before it had them
        m.put("rows_per_call", config != null ? config.rowsPerCall() : null);
        return m;
    }

    static void writeJson(Path file, Map<String, Object> fields) throws IOException {
        try {
            byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(fields);
            java.nio.file.Files.write(file, json);
        } catch (IOException e) {
            throw dev.infer.io.OutputFailure.of("summary file '" + file + "'", e);
        }
    }

    /** "1 row", "2 rows", "1,000 rows". */
    static String rows(long n) {
        return String.format("%,d %s", n, n == 1 ? "row" : "rows");
    }

    static void print(java.io.PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
