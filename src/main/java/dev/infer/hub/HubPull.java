package dev.infer.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code infer model pull}: fetches what infer reads from a hub repository into the hub cache, in
 * huggingface_hub's own layout ({@code _hf_hub_download_to_cache_dir}) so Python finds the files too:
 * each file's bytes go to {@code blobs/<etag>.incomplete} (resumed with a Range request after an interrupted
 * pull), are checked against the SHA-256 an LFS etag is, and moved atomically to {@code blobs/<etag>} under a
 * per-blob lock ({@code .locks/models--ORG--NAME/<etag>.lock}); {@code snapshots/<commit>/<path>} is a relative
 * symlink to the blob and {@code refs/<revision>} names the commit.
 */
public final class HubPull {
    /** What infer reads from a repository besides the ONNX file, when the repository has them. */
    static final List<String> SUPPORT_FILES = List.of("config.json", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "modules.json", "sentence_bert_config.json",
            "config_sentence_transformers.json", "1_Pooling/config.json");
    static final String EXPORT_DOCS = "docs/models.md#export-with-optimum";

    private final HubEnvironment env;
    private final HubCache cache;
    private final HubClient client;

    public HubPull(HubEnvironment env) {
        this.env = env;
        this.cache = HubCache.of(env);
        this.client = new HubClient(env);
    }

    /** Progress of one file: its path, bytes so far, total bytes (-1 when unknown). */
    public interface Progress {
        void update(String path, long done, long total);
    }

    /** @param onnx the ONNX file the run will use; alternatives the rule did not pick */
    public record Result(String repo, String commit, Path snapshot, String onnx, List<String> alternatives,
                         List<String> downloaded) {
    }

    public RepoListing list(String repo, String revision) {
        refuseOffline();
        return client.listing(repo, revision);
    }

    /** @param file the ONNX file asked for, or {@code null} to choose by {@link OnnxChoiceRule} */
    public Result pull(String repo, String revision, String file, Progress progress) {
        refuseOffline();
        RepoListing listing = client.listing(repo, revision);
        RepoFile onnx = chooseOnnx(listing, file);
        List<String> alternatives = listing.onnxFiles().stream().map(RepoFile::path)
                .filter(p -> !p.equals(onnx.path())).toList();
        if (!listing.has("tokenizer.json")) {
            throw new HubException(repo + " has no tokenizer.json, which infer needs next to the ONNX file");
        }
        List<RepoFile> wanted = new ArrayList<>(listing.files().stream()
                .filter(f -> SUPPORT_FILES.contains(f.path())).toList());
        wanted.add(onnx);
        wanted.addAll(OnnxChoiceRule.externalData(listing, onnx));
        List<String> downloaded = new ArrayList<>();
        tagCache();
        for (RepoFile f : wanted) {
            if (fetch(repo, listing.commit(), f, progress)) {
                downloaded.add(f.path());
            }
        }
        writeRef(repo, revision, listing.commit());
        Path snapshot = cache.repoFolder(repo).resolve("snapshots").resolve(listing.commit());
        return new Result(repo, listing.commit(), snapshot, onnx.path(), alternatives, downloaded);
    }

    private RepoFile chooseOnnx(RepoListing listing, String file) {
        if (file != null) {
            return listing.files().stream().filter(f -> f.path().equals(file)).findFirst().orElseThrow(() ->
                    new HubException(listing.repo() + " has no file " + file + " (its ONNX files: "
                            + names(listing.onnxFiles()) + ")"));
        }
        requireOnnx(listing);
        RepoFile chosen = OnnxChoiceRule.choose(listing.onnxFiles());
        if (chosen == null) {
            throw new HubException(listing.repo() + " has several ONNX files and none is model.onnx or a portable"
                    + " int8 file; pick one with --file: " + names(listing.onnxFiles()));
        }
        return chosen;
    }

    /** A repository without ONNX weights, said as such: its files and where the export is explained. */
    public static void requireOnnx(RepoListing listing) {
        if (listing.onnxFiles().isEmpty()) {
            throw new HubException(listing.repo() + " has no ONNX weights (its files: " + names(listing.files())
                    + "); export it with Optimum as " + EXPORT_DOCS + " shows, then use the folder");
        }
    }

    /** One file into the cache; false when the snapshot already had it. */
    private boolean fetch(String repo, String commit, RepoFile file, Progress progress) {
        Path repoDir = cache.repoFolder(repo);
        Path pointer = repoDir.resolve("snapshots").resolve(commit).resolve(file.path());
        if (Files.exists(pointer) && intact(pointer)) {
            return false;
        }
        FileMetadata meta = client.metadata(repo, commit, file.path());
        Path blob = repoDir.resolve("blobs").resolve(meta.etag());
        Path lockFile = cache.root().resolve(".locks").resolve(repoDir.getFileName()).resolve(meta.etag() + ".lock");
        try {
            Files.createDirectories(blob.getParent());
            Files.createDirectories(pointer.getParent());
            Files.createDirectories(lockFile.getParent());
            // Another pull of the same blob (another process) waits here, then finds the blob complete.
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (Files.exists(blob) && meta.isSha256() && !meta.etag().equals(sha256(blob))) {
                    Files.delete(blob); // damaged in the cache: downloaded again below
                }
                if (!Files.exists(blob)) {
                    downloadBlob(meta, blob, file.path(), progress);
                }
                if (!Files.exists(pointer, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
                }
            }
            return true;
        } catch (IOException e) {
            throw diskError(e, file.path());
        }
    }

    /** A cached file is intact unless its blob is named by a SHA-256 (an LFS file) its bytes do not have. */
    private static boolean intact(Path pointer) {
        try {
            Path blob = pointer.toRealPath();
            String name = blob.getFileName().toString();
            return !name.matches("[0-9a-f]{64}") || name.equals(sha256(blob));
        } catch (IOException e) {
            return false;
        }
    }

    private void downloadBlob(FileMetadata meta, Path blob, String path, Progress progress) throws IOException {
        Path incomplete = blob.resolveSibling(blob.getFileName() + ".incomplete");
        long have = Files.exists(incomplete) ? Files.size(incomplete) : 0;
        HubClient.Download d = client.download(meta.location(), have, path);
        try (InputStream in = d.body();
             OutputStream out = Files.newOutputStream(incomplete, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     d.start() == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
            byte[] buf = new byte[1 << 16];
            long done = d.start();
            for (int n; (n = readSome(in, buf, path)) > 0; ) {
                out.write(buf, 0, n);
                done += n;
                progress.update(path, done, meta.size());
            }
        }
        long size = Files.size(incomplete);
        if (meta.size() >= 0 && size != meta.size()) {
            throw new HubException("the download of " + path + " stopped at " + size + " of " + meta.size()
                    + " bytes; run the pull again to resume it");
        }
        if (meta.isSha256() && !meta.etag().equals(sha256(incomplete))) {
            Files.delete(incomplete); // resuming a corrupt file would keep it corrupt
            throw new HubException("the download of " + path + " does not match its SHA-256 " + meta.etag()
                    + "; nothing was kept, run the pull again");
        }
        Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int readSome(InputStream in, byte[] buf, String path) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw new HubException("the connection broke while downloading " + path + " (" + e.getMessage()
                    + "); run the pull again to resume it", e);
        }
    }

    /** CACHEDIR.TAG at the cache's root, as huggingface_hub writes it, so backup tools skip the cache. */
    private void tagCache() {
        Path tag = cache.root().resolve("CACHEDIR.TAG");
        try {
            if (!Files.exists(tag)) {
                Files.createDirectories(cache.root());
                Files.writeString(tag, "Signature: 8a477f597d28d172789f06886806bc55\n"
                        + "# This file is a cache directory tag created by huggingface_hub.\n"
                        + "# For information about cache directory tags, see:\n#\thttps://bford.info/cachedir/\n");
            }
        } catch (IOException e) {
            throw diskError(e, "CACHEDIR.TAG");
        }
    }

    /** refs/REVISION, written as huggingface_hub writes it: a temporary file renamed over the old one. */
    private void writeRef(String repo, String revision, String commit) {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = cache.repoFolder(repo).resolve("refs").resolve(revision);
        try {
            Files.createDirectories(ref.getParent());
            Path tmp = Files.createTempFile(ref.getParent(), ref.getFileName().toString(), ".tmp");
            Files.writeString(tmp, commit, StandardCharsets.UTF_8);
            Files.move(tmp, ref, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw diskError(e, "refs/" + revision);
        }
    }

    private HubException diskError(IOException e, String what) {
        String m = String.valueOf(e.getMessage());
        if (m.toLowerCase(Locale.ROOT).contains("no space left")) {
            return new HubException("the disk holding " + cache.root() + " is full while writing " + what
                    + "; the partial file stays .incomplete and is resumed by the next pull", e);
        }
        return new HubException("cannot write " + what + " into " + cache.root() + " (" + m + ")", e);
    }

    private void refuseOffline() {
        if (env.offline()) {
            throw new HubException("infer model pull needs the network and " + env.offlineVariable()
                    + " is set; unset it to download");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String names(List<RepoFile> files) {
        return files.isEmpty() ? "none" : String.join(", ", files.stream().map(RepoFile::path).toList());
    }
}
