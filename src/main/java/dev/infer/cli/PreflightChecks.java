package dev.infer.cli;

import dev.infer.io.OutputKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks on the run's files that need no input row and no model: done first, so a typo in
 * {@code --summary} fails in milliseconds with exit 2, not with a lost summary after an hour's run.
 */
final class PreflightChecks {
    private PreflightChecks() {
    }

    /**
     * @return what kind of output {@code out} is
     * @throws UsageException naming the first problem
     */
    static OutputKind check(String in, String out, String errors, String summary, boolean resume) {
        OutputKind kind = OutputKind.of(out);
        if (kind == OutputKind.DIRECTORY) {
            throw new UsageException("--out '" + out + "' is a directory; name a file (e.g. " + Path.of(out, "out.csv") + ")");
        }
        if (resume && !kind.resumable()) {
            throw new UsageException(kind == OutputKind.STDOUT
                    ? "--resume needs --in FILE and --out FILE (a stream cannot be resumed)"
                    : "--resume needs --out to be a regular file; '" + out + "' is a FIFO or device, written directly"
                            + " without a checkpoint");
        }
        if (kind == OutputKind.FILE) {
            parentExists("--out", out);
        }
        if (errors != null) {
            notADirectory("--errors", errors);
            parentExists("--errors", errors);
        }
        if (summary != null) {
            notADirectory("--summary", summary);
            parentExists("--summary", summary);
            writable("--summary", summary); // written at the end: find out now, not after the run
        }
        Map<String, String> files = new LinkedHashMap<>();
        if (!in.equals("-")) {
            files.put("--in", in);
        }
        if (kind == OutputKind.FILE) {
            files.put("--out", out);
        }
        if (errors != null) {
            files.put("--errors", errors);
        }
        if (summary != null) {
            files.put("--summary", summary);
        }
        List<Map.Entry<String, String>> list = List.copyOf(files.entrySet());
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                if (same(list.get(i).getValue(), list.get(j).getValue())) {
                    throw new UsageException(list.get(i).getKey() + " and " + list.get(j).getKey()
                            + " name the same file '" + list.get(j).getValue() + "'; give each its own file");
                }
            }
        }
        return kind;
    }

    private static void notADirectory(String option, String file) {
        if (Files.isDirectory(Path.of(file))) {
            throw new UsageException(option + " '" + file + "' is a directory; name a file");
        }
    }

    private static void writable(String option, String file) {
        Path path = Path.of(file).toAbsolutePath();
        if (Files.exists(path)) {
            if (!Files.isWritable(path)) {
                throw new UsageException(option + " '" + file + "' is not writable");
            }
        } else if (path.getParent() != null && !Files.isWritable(path.getParent())) {
            throw new UsageException(option + " '" + file + "': folder " + path.getParent() + " is not writable");
        }
    }

    private static void parentExists(String option, String file) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(option + " '" + file + "': folder " + parent + " does not exist");
        }
    }

    /** Same path, or two names of one existing file (a link, ./x vs x). */
    private static boolean same(String a, String b) {
        Path pa = Path.of(a).toAbsolutePath().normalize();
        Path pb = Path.of(b).toAbsolutePath().normalize();
        if (pa.equals(pb)) {
            return true;
        }
        try {
            return Files.exists(pa) && Files.exists(pb) && Files.isSameFile(pa, pb);
        } catch (IOException e) {
            return false;
        }
    }
}
