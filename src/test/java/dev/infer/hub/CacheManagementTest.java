package dev.infer.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.SessionSettings;
import dev.infer.testing.TinyModels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model list's scan and model rm's removal on a cache laid out as huggingface_hub lays it out: two snapshots of one
 * model sharing their tokenizer and configs, a model Python fetched without ONNX weights, a dataset, the .locks
 * folder and CACHEDIR.TAG.
 */
class CacheManagementTest {
    private static final String OLD = "1111111111111111111111111111111111111111";
    private static final String NEW = "2222222222222222222222222222222222222222";

    @TempDir
    Path tmp;
    Path cache;
    Path repoDir;

    @BeforeEach
    void layOut() throws Exception {
        cache = tmp.resolve("hub");
        TinyModels.TokenEmbedder v1 = TinyModels.tokenEmbedder(tmp.resolve("v1"), TinyModels.Options.defaults());
        Path v2 = tmp.resolve("v2");
        TinyModels.TokenEmbedder other = TinyModels.tokenEmbedder(tmp.resolve("other"),
                TinyModels.Options.defaults().withSeed(7));
        copyTree(v1.dir(), v2);
        Files.copy(other.onnx(), v2.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING); // new weights only
        HubLayout.write(v1.dir(), cache, "org/tiny", "v1", OLD);
        HubLayout.write(v2, cache, "org/tiny", "main", NEW);
        Path pt = Files.createDirectories(tmp.resolve("pt"));
        Files.writeString(pt.resolve("config.json"), "{}");
        Files.write(pt.resolve("model.safetensors"), new byte[100]);
        HubLayout.write(pt, cache, "org/pytorch-only", "main", OLD);
        Files.createDirectories(cache.resolve("datasets--org--data/snapshots"));
        repoDir = cache.resolve("models--org--tiny");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void theScanFindsEachSnapshotByTheNameModelTakes() {
        CacheScan.Result r = CacheScan.scan(new HubCache(cache));
        assertEquals(List.of("org/pytorch-only", "org/tiny"), r.repos().stream().map(CacheScan.Repo::repo).toList(),
                "models only: no dataset, no .locks, no CACHEDIR.TAG");
        assertEquals(List.of(), r.skipped());
        CacheScan.Repo tiny = r.repos().get(1);
        CacheScan.Revision old = tiny.revisions().get(0);
        CacheScan.Revision now = tiny.revisions().get(1);
        assertEquals(Set.of("v1"), old.refs());
        assertEquals("org/tiny@v1", old.modelName("org/tiny"));
        assertEquals("org/tiny", now.modelName("org/tiny"));
        assertTrue(now.runnable());
        assertEquals("model.onnx", now.onnxFile());
        assertTrue(now.size() > 1000);
        assertTrue(tiny.size() > now.size() && tiny.size() < old.size() + now.size(), "shared blobs count once");
        assertFalse(r.repos().get(0).revisions().get(0).runnable(), "no ONNX weights: not a model infer can run");
    }

    @Test
    void removingOneRevisionKeepsWhatTheOtherSnapshotShares() throws Exception {
        Path oldOnnx = repoDir.resolve("snapshots/" + OLD + "/model.onnx").toRealPath();
        Path tokenizer = repoDir.resolve("snapshots/" + OLD + "/tokenizer.json").toRealPath();
        CacheRemoval.Removed r = new CacheRemoval(new HubCache(cache)).remove("org/tiny", "v1");
        assertEquals(List.of("org/tiny@v1 (" + OLD + ")"), r.removed());
        assertEquals(1, r.blobs(), "only the old weights were the old snapshot's alone");
        assertTrue(r.blobsKept() >= 5, "tokenizer and configs stay: " + r.blobsKept());
        assertFalse(r.wholeRepo());
        assertFalse(Files.exists(oldOnnx));
        assertTrue(Files.exists(tokenizer));
        assertFalse(Files.exists(repoDir.resolve("snapshots/" + OLD)));
        assertFalse(Files.exists(repoDir.resolve("refs/v1")));
        assertFalse(Files.exists(repoDir.resolve(".no_exist/" + OLD)));
        try (Model m = ModelLoader.load(new ModelRef.Hub("org/tiny", "main", null), new SessionSettings(1, false), null,
                new HubCache(cache))) {
            assertEquals(NEW, m.info().hub().commit(), "main still runs");
        }
        assertEquals(List.of(), CacheScan.scan(new HubCache(cache)).skipped(), "the cache is whole");
    }

    @Test
    void removingTheModelRemovesItsFolderAndLocksOnly() throws Exception {
        CacheRemoval.Removed r = new CacheRemoval(new HubCache(cache)).remove("org/tiny", null);
        assertTrue(r.wholeRepo());
        assertFalse(Files.exists(repoDir));
        assertFalse(Files.exists(cache.resolve(".locks/models--org--tiny")));
        assertTrue(Files.isDirectory(cache.resolve("models--org--pytorch-only")));
        assertTrue(Files.exists(cache.resolve("CACHEDIR.TAG")));
        assertEquals(List.of("org/pytorch-only"), CacheScan.scan(new HubCache(cache)).repos().stream()
                .map(CacheScan.Repo::repo).toList());
    }

    @Test
    void whatCannotBeRemovedIsSaidInOneSentence() {
        CacheRemoval rm = new CacheRemoval(new HubCache(cache));
        assertEquals("org/none is not in the Hugging Face cache (" + cache + "); nothing to remove",
                assertThrows(HubException.class, () -> rm.remove("org/none", null)).getMessage());
        assertEquals("org/tiny has no snapshot of revision 'v9' in the Hugging Face cache (its snapshots:"
                + " org/tiny@v1 " + OLD + ", org/tiny " + NEW + ")",
                assertThrows(HubException.class, () -> rm.remove("org/tiny", "v9")).getMessage());
    }

    @Test
    void aPullHoldingABlobsLockStopsTheRemoval() throws Exception {
        Path blob = repoDir.resolve("snapshots/" + OLD + "/model.onnx").toRealPath();
        Path lockFile = Files.createDirectories(cache.resolve(".locks/models--org--tiny"))
                .resolve(blob.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) { // as infer model pull holds it while it downloads that blob
            HubException e = assertThrows(HubException.class,
                    () -> new CacheRemoval(new HubCache(cache)).remove("org/tiny", "v1"));
            assertEquals("a download of org/tiny is running (it holds " + lockFile + "); remove it once that pull has"
                    + " ended", e.getMessage());
        }
        assertTrue(Files.exists(blob), "nothing was removed");
        assertTrue(Files.exists(repoDir.resolve("refs/v1")));
    }

    @Test
    void aPythonDownloadsFlockStopsTheRemovalToo() throws Exception {
        Path blob = repoDir.resolve("snapshots/" + NEW + "/model.onnx").toRealPath();
        Path lockFile = Files.createDirectories(cache.resolve(".locks/models--org--tiny"))
                .resolve(blob.getFileName() + ".lock");
        Files.createFile(lockFile);
        // huggingface_hub's filelock takes flock(2): util-linux's flock holds one as long as cat reads its stdin
        Process holder = new ProcessBuilder("flock", lockFile.toString(), "cat").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!LockProbe.flocked(lockFile) && holder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(LockProbe.flocked(lockFile), "flock holds " + lockFile);
            HubException e = assertThrows(HubException.class,
                    () -> new CacheRemoval(new HubCache(cache)).remove("org/tiny", null));
            assertTrue(e.getMessage().startsWith("a download of org/tiny is running"), e.getMessage());
            assertTrue(Files.exists(blob));
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
        }
        assertFalse(LockProbe.flocked(lockFile));
        new CacheRemoval(new HubCache(cache)).remove("org/tiny", null);
        assertFalse(Files.exists(repoDir));
    }
}
