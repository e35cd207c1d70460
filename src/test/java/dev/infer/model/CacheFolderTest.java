package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where the caches go, for a user with a home, one without a writable home, and one who chose. */
class CacheFolderTest {
    private static final Path TMP = Path.of("/tmp");

    @Test
    void aWritableHomeKeepsItsCacheThere() {
        assertEquals(Optional.of(Path.of("/home/ann/.cache/infer")),
                CacheFolder.choose(null, "/home/ann", "ann", TMP, p -> true, p -> true));
    }

    @Test
    void anAccountWhoseHomeCannotBeWrittenGetsAPrivateFolderUnderTmp() {
        Set<Path> writable = Set.of(Path.of("/tmp/infer-cache-cron"));
        assertEquals(Optional.of(Path.of("/tmp/infer-cache-cron")),
                CacheFolder.choose(null, "/nonexistent", "cron", TMP, writable::contains, p -> true));
        assertEquals(Optional.empty(), CacheFolder.choose(null, "/nonexistent", "cron", TMP, writable::contains,
                p -> false), "a folder someone else made is not used: natives loaded from it would be their code");
    }

    @Test
    void xdgCacheHomeWins() {
        assertEquals(Optional.of(Path.of("/data/cache/infer")),
                CacheFolder.choose("/data/cache", "/home/ann", "ann", TMP, p -> false, p -> false));
    }
}
