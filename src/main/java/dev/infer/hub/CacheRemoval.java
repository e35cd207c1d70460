package dev.infer.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code infer model rm ORG/NAME[@REV]}: removes a cached model as huggingface_hub's {@code delete_revisions} does
 * ({@code utils/_cache_manager.py}): one revision's snapshot, the refs naming it and the blobs no other snapshot links
 * to (shared blobs stay); the whole repository folder when no revision is named or the last snapshot goes. Snapshots
 * and refs go before blobs, so no ref ever names a missing snapshot and no link a missing blob. It refuses while a
 * download holds the lock of a blob it would delete: infer's pull (a POSIX lock, seen by {@code tryLock}) or
 * huggingface_hub's ({@code flock}, seen in {@code /proc/locks} on Linux); it holds those locks while it deletes.
 */
public final class CacheRemoval {
    private final HubCache cache;

    public CacheRemoval(HubCache cache) {
        this.cache = cache;
    }

    /**
     * What was removed.
     *
     * @param removed    the model names (ORG/NAME@REF or @COMMIT) whose snapshots went
     * @param blobs      blobs deleted
     * @param bytesFreed their bytes
     * @param blobsKept  blobs of the removed snapshots that another snapshot still links to
     * @param wholeRepo  the repository's folder went
     */
    public record Removed(List<String> removed, int blobs, long bytesFreed, int blobsKept, boolean wholeRepo) {
    }

    /** @param revision a ref or commit to remove, or {@code null} for the whole repository */
    public Removed remove(String repo, String revision) {
        Path dir = cache.repoFolder(repo);
        if (!Files.isDirectory(dir)) {
            throw new HubException(repo + " is not in the Hugging Face cache (" + cache.root() + "); nothing to remove");
        }
        CacheScan.Repo scanned;
        try {
            scanned = CacheScan.repo(dir);
        } catch (IOException | HubException e) {
            if (revision != null) {
                throw new HubException("cannot read " + dir + " (" + e.getMessage() + "); remove the whole model with"
                        + " infer model rm " + repo, e);
            }
            scanned = new CacheScan.Repo(repo, dir, List.of()); // damaged: the folder goes as a whole
        }
        List<CacheScan.Revision> going = revision == null ? scanned.revisions() : List.of(find(scanned, revision));
        List<CacheScan.Revision> staying = scanned.revisions().stream().filter(r -> !going.contains(r)).toList();
        List<String> names = going.stream().map(r -> r.modelName(repo) + (r.refs().isEmpty() ? ""
                : " (" + r.commit() + ")")).toList();
        boolean whole = staying.isEmpty();
        Set<Path> keep = new HashSet<>();
        staying.forEach(r -> keep.addAll(r.files().values()));
        Set<Path> blobs = new LinkedHashSet<>();
        Set<Path> kept = new HashSet<>();
        if (whole) {
            blobs.addAll(list(dir.resolve("blobs"))); // .incomplete ones too: nothing will resume them
        } else {
            for (CacheScan.Revision r : going) {
                for (Path blob : r.files().values()) {
                    if (!blob.startsWith(dir.resolve("blobs"))) {
                        continue; // a file copied into the snapshot (no symlinks): it goes with the snapshot
                    }
                    (keep.contains(blob) ? kept : blobs).add(blob);
                }
            }
        }
        List<Held> locks = new ArrayList<>();
        try {
            for (Path blob : blobs) {
                locks.add(lock(repo, dir, blob));
            }
            long freed = 0;
            for (Path blob : blobs) {
                freed += sizeOf(blob);
            }
            if (whole) {
                deleteTree(dir);
            } else {
                for (CacheScan.Revision r : going) {
                    deleteTree(r.snapshot());
                    deleteTree(dir.resolve(".no_exist").resolve(r.commit()));
                    for (String ref : r.refs()) {
                        Files.deleteIfExists(dir.resolve("refs").resolve(ref));
                    }
                }
                for (Path blob : blobs) {
                    Files.deleteIfExists(blob);
                }
            }
            release(locks);
            if (whole) {
                deleteTree(cache.root().resolve(".locks").resolve(dir.getFileName()));
            }
            return new Removed(names, blobs.size(), freed, kept.size(), whole);
        } catch (IOException e) {
            throw new HubException("cannot remove " + repo + " from " + cache.root() + " (" + e.getMessage() + ")", e);
        } finally {
            release(locks);
        }
    }

    private static CacheScan.Revision find(CacheScan.Repo repo, String revision) {
        return repo.revisions().stream().filter(r -> r.commit().equals(revision) || r.refs().contains(revision))
                .findFirst().orElseThrow(() -> new HubException(repo.repo() + " has no snapshot of revision '" + revision
                        + "' in the Hugging Face cache (its snapshots: " + String.join(", ", repo.revisions().stream()
                        .map(r -> r.modelName(repo.repo()) + (r.refs().isEmpty() ? "" : " " + r.commit())).toList())
                        + ")"));
    }

    /** A blob's lock, held while it is deleted so no pull of it runs meanwhile. */
    private record Held(FileChannel channel, FileLock lock) {
    }

    private Held lock(String repo, Path dir, Path blob) throws IOException {
        String etag = blob.getFileName().toString().replaceFirst("\\.incomplete$", "");
        Path lockFile = cache.root().resolve(".locks").resolve(dir.getFileName()).resolve(etag + ".lock");
        Files.createDirectories(lockFile.getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very process is pulling it
        }
        if (lock == null || LockProbe.flocked(lockFile)) {
            if (lock != null) {
                lock.release();
            }
            ch.close();
            throw new HubException("a download of " + repo + " is running (it holds " + lockFile + "); remove it once"
                    + " that pull has ended");
        }
        return new Held(ch, lock);
    }

    private static void release(List<Held> locks) {
        for (Held h : locks) {
            try {
                h.channel().close(); // releases the lock
            } catch (IOException e) {
                // closing a lock file cannot lose data
            }
        }
        locks.clear();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new HubException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Deletes a folder and everything in it, symlinks as links (never what they point to). */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) { // walk does not follow links
            all = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
