package dev.infer.cache;

import java.util.List;

/**
 * What a cache file holds ({@code infer cache stats}).
 *
 * @param fileBytes bytes on disk (database and its write-ahead log)
 * @param entries   stored results
 * @param scopes    entries per model and command
 * @param runs      the latest runs that used the cache, newest first
 */
public record CacheStats(long fileBytes, long entries, List<Scope> scopes, List<Run> runs) {

    /** Entries of one model, command and option set. */
    public record Scope(String model, String command, String options, long entries, long valueBytes,
                        long lastUsed) {
    }

    /** One run's use of the cache. */
    public record Run(long finished, String model, String command, long rows, long hits, long repeats,
                      long added) {
    }
}
