package dev.infer.cli;

import dev.infer.cache.CacheScope;
import dev.infer.cache.SqliteCache;
import dev.infer.job.JobIdentity;
import picocli.CommandLine.Model.CommandSpec;
import dev.infer.pipeline.Reuse;
import dev.infer.pipeline.ReuseCounts;
import dev.infer.pipeline.RowKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * Turns {@code --no-dedupe} and {@code --cache FILE} into the pipeline's {@link Reuse}, and owns the
 * cache file for the run.
 */
final class ReuseSetup implements AutoCloseable {
    /**
     * Run-identity entries that cannot change a row's result once its text is known: where the text
     * comes from, how the output is laid out, and the model's name (its identity stands for it, so a
     * moved folder still hits).
     */
    static final Set<String> NOT_RESULT_SHAPING = Set.of(
            "--format", "--text-column", "--out-format", "--model", "--model-file", "model file");

    /**
     * The output-shaping options as the user typed them ({@code --labels a,b --template 'I am {}.'
     * --all-scores}), for people reading {@code cache stats}: flags bare, values shell-quoted when needed,
     * options left at their defaults left out.
     *
     * @param identity the run's identity; its option keys are the options that shape the output
     */
    static String typedOptions(CommandSpec spec, Map<String, String> identity) {
        java.util.StringJoiner line = new java.util.StringJoiner(" ");
        if (identity == null) {
            return "";
        }
        for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (!identity.containsKey(name) || NOT_RESULT_SHAPING.contains(name) || o.originalStringValues().isEmpty()) {
                continue;
            }
            if (o.arity().max() == 0) {
                line.add(name);
            } else {
                for (String v : o.originalStringValues()) {
                    line.add(name + " " + shellQuoted(v));
                }
            }
        }
        return line.toString();
    }

    private static String shellQuoted(String v) {
        return !v.isEmpty() && v.matches("[A-Za-z0-9_.,:=/@%+-]+") ? v : "'" + v.replace("'", "'\\''") + "'";
    }

    private final SqliteCache cache;
    private SqliteCache.Store store;

    private ReuseSetup(SqliteCache cache) {
        this.cache = cache;
    }

    /** Opens the cache file first, so a bad one fails before the model loads. */
    static ReuseSetup open(String cacheFile, java.util.function.Consumer<String> warn) {
        return new ReuseSetup(cacheFile == null ? null : SqliteCache.open(java.nio.file.Path.of(cacheFile), warn));
    }

    boolean cached() {
        return cache != null;
    }

    /**
     * @param dedupe       whether repeats within the run reuse their first result
     * @param job          the job's identity (null without a cache)
     * @param identity     the run identity; used only with a cache
     * @param typedOptions the output-shaping options as typed (see {@link #typedOptions}), for cache stats
     */
    Reuse reuse(boolean dedupe, String command, JobIdentity job, Map<String, String> identity, String typedOptions) {
        int capacity = dedupe ? Reuse.DEFAULT_DEDUPE_CAPACITY : 0;
        if (cache == null) {
            return new Reuse(capacity, new byte[0], null); // within one run the scope is the same for every row
        }
        MessageDigest d = RowKey.sha256();
        for (Map.Entry<String, String> e : identity.entrySet()) { // sorted: a TreeMap
            if (!NOT_RESULT_SHAPING.contains(e.getKey())) {
                d.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] scope = d.digest();
        store = cache.store(new CacheScope(scope, job.model().label(), command, typedOptions));
        return new Reuse(capacity, scope, store); // the scope is in every key: another model or option is a miss
    }

    /** Adds the run to the cache's history. */
    void finished(long rows, ReuseCounts counts) {
        if (store != null) {
            cache.recordRun(store, rows, counts);
        }
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        if (cache != null) {
            cache.close();
        }
    }
}
