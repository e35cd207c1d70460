package dev.infer.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where infer keeps what makes the next start fast (ONNX Runtime's and DJL's natives, weight hashes,
 * optimized graphs): {@code $XDG_CACHE_HOME/infer}, else {@code ~/.cache/infer}, else, for an account
 * whose home cannot be written (a cron service account), {@code $TMPDIR/infer-cache-USER}, a folder
 * only that user owns and can read. Without any of them, every start unpacks its natives afresh.
 */
public final class CacheFolder {
    private CacheFolder() {
    }

    public static Optional<Path> standard() {
        String user = System.getProperty("user.name", "");
        Path tmp = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        return choose(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"), user, tmp,
                CacheFolder::canCreate, dir -> privateFolder(dir, user));
    }

    /**
     * @param canCreate whether a folder exists and is writable, or could be made
     * @param isPrivate makes (or checks) a folder only this user owns; false when it cannot be trusted
     */
    static Optional<Path> choose(String xdg, String home, String user, Path tmp, Predicate<Path> canCreate,
                                 Predicate<Path> isPrivate) {
        if (xdg != null && !xdg.isBlank()) {
            return Optional.of(Path.of(xdg, "infer")); // the user chose: used as it is
        }
        if (home != null && !home.isBlank() && canCreate.test(Path.of(home, ".cache", "infer"))) {
            return Optional.of(Path.of(home, ".cache", "infer"));
        }
        if (user.isBlank() || user.contains("/")) {
            return Optional.empty();
        }
        // Shared /tmp: natives loaded from a folder someone else made could be anyone's code.
        Path shared = tmp.resolve("infer-cache-" + user);
        return isPrivate.test(shared) ? Optional.of(shared) : Optional.empty();
    }

    /** The nearest existing folder on the way up is writable (so the rest can be made). */
    static boolean canCreate(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) && Files.isWritable(p);
            }
        }
        return false;
    }

    private static boolean privateFolder(Path dir, String user) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(user)
                    && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)
                            .equals(PosixFilePermissions.fromString("rwx------"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Points DJL's tokenizer natives into this folder when its own default (~/.djl.ai) cannot be written,
     * so they are not unpacked again at every start. Call before the first tokenizer; a value the user
     * set is kept.
     */
    public static void prepareDjl() {
        if (System.getProperty("ENGINE_CACHE_DIR") != null || System.getenv("ENGINE_CACHE_DIR") != null
                || System.getenv("DJL_CACHE_DIR") != null) {
            return;
        }
        String home = System.getProperty("user.home");
        if (home != null && canCreate(Path.of(home, ".djl.ai"))) {
            return;
        }
        standard().ifPresent(dir -> System.setProperty("ENGINE_CACHE_DIR", dir.resolve("djl").toString()));
    }
}
