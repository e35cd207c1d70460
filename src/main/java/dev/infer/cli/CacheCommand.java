package dev.infer.cli;

import dev.infer.cache.CacheMaintenance;
import dev.infer.cache.CacheStats;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Commands about --cache files (SQLite databases of results kept across runs).",
        subcommands = {CacheCommand.Stats.class, CacheCommand.Prune.class})
final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required (stats or prune)");
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = {"Shows what a cache file holds: its size, entries per model and command, and the"
                    + " latest runs that used it with their hits.",
                "Hit rate: cache hits / rows not repeated earlier in the same run (the rows the cache could serve)."},
            footer = {"", "Example:", "  infer cache stats nightly.cache"})
    static final class Stats implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The cache file.")
        Path file;

        @Override
        public Integer call() {
            print(CacheMaintenance.stats(file), System.out);
            return ExitCodes.OK;
        }

        void print(CacheStats s, PrintStream out) {
            out.printf("%s: %s, %,d entries%n", file, bytes(s.fileBytes()), s.entries());
            if (!s.scopes().isEmpty()) {
                out.println();
                out.printf("%10s  %10s  %-20s  %-16s  %s%n", "entries", "values", "last used", "command", "model, options");
                for (CacheStats.Scope sc : s.scopes()) {
                    out.printf("%,10d  %10s  %-20s  %-16s  %s%s%n", sc.entries(), bytes(sc.valueBytes()),
                            WHEN.format(Instant.ofEpochSecond(sc.lastUsed())), sc.command(), sc.model(),
                            sc.options().isEmpty() ? "" : ", " + sc.options());
                }
            }
            if (!s.runs().isEmpty()) {
                out.println();
                out.println("latest runs:");
                out.printf("%-20s  %-16s  %10s  %10s  %9s  %10s  %10s%n", "finished", "command", "rows", "hits", "hit rate",
                        "repeats", "added");
                for (CacheStats.Run r : s.runs()) {
                    out.printf("%-20s  %-16s  %,10d  %,10d  %8.1f%%  %,10d  %,10d%n",
                            WHEN.format(Instant.ofEpochSecond(r.finished())), r.command(), r.rows(), r.hits(),
                            r.rows() - r.repeats() <= 0 ? 0.0 : 100.0 * r.hits() / (r.rows() - r.repeats()),
                            r.repeats(), r.added());
                }
            }
            out.flush();
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Removes entries from a cache file and compacts it: those not used for longer than"
                    + " --older-than, then the least recently used ones until the file fits in --max-size.",
            footer = {"", "Examples:", "  infer cache prune nightly.cache --older-than 30d",
                "  infer cache prune nightly.cache --max-size 1GB"})
    static final class Prune implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The cache file.")
        Path file;

        @Option(names = "--older-than", paramLabel = "AGE", converter = AgeConverter.class,
                description = "Remove entries last used longer ago than AGE (e.g. 30d, 12h, 2w).")
        Long olderThan;

        @Option(names = "--max-size", paramLabel = "SIZE", converter = SizeConverter.class,
                description = "Then remove the least recently used entries until the file is at most SIZE"
                        + " (e.g. 500MB, 1GB; KB/MB/GB are powers of 1024).")
        Long maxSize;

        @Override
        public Integer call() {
            if (olderThan == null && maxSize == null) {
                throw new UsageException("infer cache prune needs --older-than AGE or --max-size SIZE (or both)");
            }
            long before = CacheMaintenance.diskBytes(file);
            long removed = CacheMaintenance.prune(file, olderThan, maxSize);
            long after = CacheMaintenance.diskBytes(file);
            System.out.printf("%s: removed %,d entries; %s -> %s%s%n", file, removed, bytes(before), bytes(after),
                    maxSize != null && after > maxSize ? " (an empty cache cannot be smaller)" : "");
            return ExitCodes.OK;
        }
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }

    /** Ages such as 30d, 12h, 2w, 90m (seconds). */
    static final class AgeConverter implements ITypeConverter<Long> {
        private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(s|m|h|d|w)");

        @Override
        public Long convert(String value) {
            Matcher m = FORMAT.matcher(value.trim().toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not an age (examples: 30d, 12h, 2w)");
            }
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3_600;
                case "d" -> 86_400;
                default -> 7 * 86_400;
            };
            return n * unit;
        }
    }

    /** Sizes such as 1GB, 500MB, 64KB, 1000 (bytes). */
    static final class SizeConverter implements ITypeConverter<Long> {
        private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|k|mb|m|gb|g|tb|t)?");

        @Override
        public Long convert(String value) {
            Matcher m = FORMAT.matcher(value.trim().toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size (examples: 500MB, 1GB)");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            double bytes = switch (unit.charAt(0)) {
                case 'k' -> n * 1024;
                case 'm' -> n * 1024 * 1024;
                case 'g' -> n * 1024 * 1024 * 1024;
                case 't' -> n * 1024 * 1024 * 1024 * 1024;
                default -> n;
            };
            return (long) bytes;
        }
    }
}
