package dev.infer.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a Hugging Face hub cache holds, read as huggingface_hub's {@code scan_cache_dir} reads it
 * ({@code utils/_cache_manager.py}): every {@code models--ORG--NAME} folder (datasets, spaces, {@code .locks} and
 * {@code CACHEDIR.TAG} skipped), its snapshots with the refs that name them and the blob each file links to. A
 * repository the scan cannot read is skipped with a note, as scan_cache_dir's warnings. Never touches the network.
 */
public final class CacheScan {
    private CacheScan() {
    }

    /**
     * One snapshot of a repository.
     *
     * @param refs  the refs naming this commit ({@code main}, a tag ...), sorted; empty for a detached snapshot
     * @param files each file's path in the snapshot → the blob it links to (the file itself when it is no link)
     */
    public record Revision(String commit, Set<String> refs, Path snapshot, Map<String, Path> files) {
        /** Bytes on disk of this snapshot's distinct blobs. */
        public long size() {
            return sizeOf(new TreeSet<>(files.values()));
        }

        /** The ONNX files infer's loader looks at: at the top and under onnx/. */
        public List<String> onnxFiles() {
            return files.keySet().stream().filter(p -> p.endsWith(".onnx")
                    && (!p.contains("/") || (p.startsWith("onnx/") && p.indexOf('/', 5) < 0))).sorted().toList();
        }

        /** Whether infer can run it: a tokenizer.json and an ONNX file. */
        public boolean runnable() {
            return files.containsKey("tokenizer.json") && !onnxFiles().isEmpty();
        }

        /** The ONNX file a run without --model-file loads: the only one, else the pull rule's pick, else null. */
        public String onnxFile() {
            List<String> onnx = onnxFiles();
            if (onnx.size() == 1) {
                return onnx.get(0);
            }
            RepoFile pick = OnnxChoiceRule.choose(onnx.stream().map(p -> new RepoFile(p, -1, null)).toList());
            return pick == null ? null : pick.path();
        }

        /** The name --model takes for this snapshot: ORG/NAME for main, ORG/NAME@REF, else ORG/NAME@COMMIT. */
        public String modelName(String repo) {
            if (refs.contains("main")) {
                return repo;
            }
            return repo + "@" + (refs.isEmpty() ? commit : refs.iterator().next());
        }
    }

    /** One cached repository: its folder, its snapshots (by commit) and the blob sizes of them all. */
    public record Repo(String repo, Path dir, List<Revision> revisions) {
        /** Bytes on disk of every blob the folder holds (shared ones once), .incomplete ones included. */
        public long size() {
            try (Stream<Path> s = Files.list(dir.resolve("blobs"))) {
                return sizeOf(s.toList());
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** @param skipped one sentence per folder that is no readable cached model repository */
    public record Result(Path root, List<Repo> repos, List<String> skipped) {
    }

    public static Result scan(HubCache cache) {
        List<Repo> repos = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Path root = cache.root();
        if (!Files.isDirectory(root)) {
            return new Result(root, List.of(), List.of());
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(root)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new HubException("cannot list the Hugging Face cache " + root + ": " + e.getMessage(), e);
        }
        for (Path dir : entries) {
            String name = dir.getFileName().toString();
            if (!name.startsWith("models--") || !Files.isDirectory(dir)) {
                continue; // .locks, CACHEDIR.TAG, datasets--, spaces--: not models
            }
            try {
                repos.add(repo(dir));
            } catch (IOException | HubException e) {
                skipped.add(dir + ": " + e.getMessage());
            }
        }
        return new Result(root, List.copyOf(repos), List.copyOf(skipped));
    }

    /** One repository folder, as _scan_cached_repo reads it. */
    static Repo repo(Path dir) throws IOException {
        String id = dir.getFileName().toString().substring("models--".length()).replace("--", "/");
        Path snapshots = dir.resolve("snapshots");
        if (!Files.isDirectory(snapshots)) {
            throw new HubException("it has no snapshots folder");
        }
        Map<String, Set<String>> refsByCommit = new HashMap<>();
        Path refs = dir.resolve("refs");
        if (Files.isDirectory(refs)) {
            try (Stream<Path> s = Files.walk(refs)) {
                for (Path ref : s.filter(Files::isRegularFile).toList()) {
                    String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
                    refsByCommit.computeIfAbsent(commit, k -> new TreeSet<>())
                            .add(refs.relativize(ref).toString().replace('\\', '/'));
                }
            }
        }
        List<Revision> revisions = new ArrayList<>();
        List<Path> commits;
        try (Stream<Path> s = Files.list(snapshots)) {
            commits = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path snapshot : commits) {
            Map<String, Path> files = new TreeMap<>();
            try (Stream<Path> s = Files.walk(snapshot)) {
                for (Path f : s.filter(p -> !Files.isDirectory(p)).toList()) {
                    Path blob;
                    try {
                        blob = f.toRealPath();
                    } catch (IOException e) {
                        throw new HubException("its snapshot " + snapshot.getFileName() + " links "
                                + snapshot.relativize(f) + " to a blob that is missing");
                    }
                    files.put(snapshot.relativize(f).toString().replace('\\', '/'), blob);
                }
            }
            String commit = snapshot.getFileName().toString();
            revisions.add(new Revision(commit, Collections.unmodifiableSet(refsByCommit.getOrDefault(commit, Set.of())),
                    snapshot, Collections.unmodifiableMap(new LinkedHashMap<>(files))));
        }
        return new Repo(id, dir, List.copyOf(revisions));
    }

    private static long sizeOf(Iterable<Path> files) {
        long total = 0;
        for (Path p : files) {
            try {
                total += Files.size(p);
            } catch (IOException e) {
                // a file gone since the scan frees nothing
            }
        }
        return total;
    }
}
