package dev.infer.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.ModelRef;
import dev.infer.model.SessionSettings;
import dev.infer.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infer model pull against {@link FakeHub}: layout, resume, checks and every one-sentence error. */
class HubPullTest {
    private static final String COMMIT = "fedcba9876543210fedcba9876543210fedcba98";
    private static final HubPull.Progress QUIET = (p, d, t) -> { };

    @TempDir
    Path tmp;
    FakeHub hub;
    Path folder;
    Map<String, byte[]> files;

    @BeforeEach
    void start() throws Exception {
        folder = TinyModels.tokenEmbedder(tmp.resolve("folder"), TinyModels.Options.defaults()).dir();
        files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        files.put("README.md", "a card".getBytes());
        hub = new FakeHub();
        hub.add("org/tiny", COMMIT, files, false);
        hub.add("org/gated", COMMIT, files, true);
        hub.add("org/pytorch-only", COMMIT, Map.of("config.json", "{}".getBytes(),
                "pytorch_model.bin", new byte[10]), false);
    }

    @AfterEach
    void stop() throws Exception {
        hub.close();
    }

    private HubEnvironment env(String token, boolean offline) {
        return new HubEnvironment(hub.endpoint(), tmp.resolve("hub"), token, offline);
    }

    private HubPull pull() {
        return new HubPull(env(null, false));
    }

    private String onnxPath() {
        return files.keySet().stream().filter(p -> p.endsWith(".onnx")).findFirst().orElseThrow();
    }

    @Test
    void aPullLaysTheCacheOutAsHuggingfaceHubDoesAndLoadsAsTheFolder() throws Exception {
        HubPull.Result r = pull().pull("org/tiny", "main", null, QUIET);
        Path repoDir = tmp.resolve("hub/models--org--tiny");
        assertEquals(COMMIT, Files.readString(repoDir.resolve("refs/main")));
        assertEquals(repoDir.resolve("snapshots/" + COMMIT), r.snapshot());
        Path onnx = r.snapshot().resolve(r.onnx());
        assertTrue(Files.isSymbolicLink(onnx));
        assertFalse(Files.readSymbolicLink(onnx).isAbsolute());
        assertEquals(repoDir.resolve("blobs/" + FakeHub.sha256(files.get(r.onnx()))), onnx.toRealPath());
        assertArrayEquals(files.get("tokenizer.json"), Files.readAllBytes(r.snapshot().resolve("tokenizer.json")));
        assertEquals(FakeHub.gitSha1(files.get("config.json")),
                r.snapshot().resolve("config.json").toRealPath().getFileName().toString()); // small: git SHA-1
        assertFalse(Files.exists(r.snapshot().resolve("README.md")), "only what infer reads");
        assertEquals(r.snapshot(), new HubCache(tmp.resolve("hub")).snapshot("org/tiny", "main", "org/tiny"));
        try (Model m = ModelLoader.load(new ModelRef.Folder(r.snapshot(), null), new SessionSettings(1, false), null);
             Model f = ModelLoader.load(new ModelRef.Folder(folder, null), new SessionSettings(1, false), null)) {
            assertEquals(f.info().onnxFile(), m.info().onnxFile());
        }
        assertEquals(List.of(), pull().pull("org/tiny", "main", null, QUIET).downloaded(), "a second pull is a no-op");
    }

    @Test
    void anInterruptedPullResumesWithARangeAndTheSha256Matches() throws Exception {
        hub.dropAfter.set(1000);
        HubException e = assertThrows(HubException.class, () -> pull().pull("org/tiny", "main", null, QUIET));
        assertTrue(e.getMessage().contains("run the pull again to resume it"), e.getMessage());
        String sha = FakeHub.sha256(files.get(onnxPath()));
        Path incomplete = tmp.resolve("hub/models--org--tiny/blobs/" + sha + ".incomplete");
        assertEquals(1000, Files.size(incomplete));
        assertFalse(Files.exists(incomplete.resolveSibling(sha)), "nothing half-written is left as complete");

        HubPull.Result r = pull().pull("org/tiny", "main", null, QUIET);
        assertEquals("bytes=1000-", hub.ranges.get(hub.ranges.size() - 1));
        assertEquals(sha, HubPull.sha256(r.snapshot().resolve(r.onnx()).toRealPath()));
        assertFalse(Files.exists(incomplete));
    }

    @Test
    void aCorruptedDownloadIsRefused() {
        hub.corrupt = true;
        HubException e = assertThrows(HubException.class, () -> pull().pull("org/tiny", "main", null, QUIET));
        assertTrue(e.getMessage().contains("does not match its SHA-256"), e.getMessage());
        String sha = FakeHub.sha256(files.get(onnxPath()));
        assertFalse(Files.exists(tmp.resolve("hub/models--org--tiny/blobs/" + sha)));
        assertFalse(Files.exists(tmp.resolve("hub/models--org--tiny/blobs/" + sha + ".incomplete")));
    }

    @Test
    void eachFailureIsOneSentence() throws Exception {
        assertEquals("org/gated is gated or private: accept its licence on " + hub.endpoint() + "/org/gated and set"
                + " HF_TOKEN to an access token of that account",
                assertThrows(HubException.class, () -> pull().pull("org/gated", "main", null, QUIET)).getMessage());
        new HubPull(env("hf_x", false)).pull("org/gated", "main", null, QUIET); // with a token it is fine
        assertEquals("no model org/none on " + hub.endpoint() + " (if it is private or gated, set HF_TOKEN)",
                assertThrows(HubException.class, () -> pull().pull("org/none", "main", null, QUIET)).getMessage());
        assertEquals("org/tiny has no revision 'v9' on " + hub.endpoint(),
                assertThrows(HubException.class, () -> pull().pull("org/tiny", "v9", null, QUIET)).getMessage());
        assertTrue(assertThrows(HubException.class, () -> pull().pull("org/tiny", "main", "onnx/nope.onnx", QUIET))
                .getMessage().startsWith("org/tiny has no file onnx/nope.onnx (its ONNX files: "));
        assertEquals("org/pytorch-only has no ONNX weights (its files: config.json, pytorch_model.bin); export it"
                + " with Optimum as docs/models.md#export-with-optimum shows, then use the folder",
                assertThrows(HubException.class, () -> pull().pull("org/pytorch-only", "main", null, QUIET))
                        .getMessage().replace("pytorch_model.bin, config.json", "config.json, pytorch_model.bin"));
        assertEquals("infer model pull needs the network and HF_HUB_OFFLINE is set; unset it to download",
                assertThrows(HubException.class, () -> new HubPull(env(null, true)).pull("org/tiny", "main", null,
                        QUIET)).getMessage());
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HubEnvironment gone = new HubEnvironment("http://127.0.0.1:" + closed, tmp.resolve("hub"), null, false);
        assertTrue(assertThrows(HubException.class, () -> new HubPull(gone).pull("org/tiny", "main", null, QUIET))
                .getMessage().startsWith("cannot reach the hub at http://127.0.0.1:" + closed));
    }

    @Test
    void tokensTheHubRefusesAreOneSentenceEach() throws Exception {
        assertEquals("org/gated is gated or private and the account of this HF_TOKEN may not read it: accept its"
                + " licence on " + hub.endpoint() + "/org/gated with that account, or use a token of one that has",
                assertThrows(HubException.class, () -> new HubPull(env(FakeHub.NO_ACCESS_TOKEN, false))
                        .pull("org/gated", "main", null, QUIET)).getMessage());
        assertEquals("the hub at " + hub.endpoint() + " does not accept this access token (invalid credentials);"
                + " set HF_TOKEN, or the token file under HF_HOME, to a valid one",
                assertThrows(HubException.class, () -> new HubPull(env(FakeHub.INVALID_TOKEN, false))
                        .pull("org/tiny", "main", null, QUIET)).getMessage());
        // the token file under HF_HOME is what huggingface_hub's login writes; it is sent as HF_TOKEN would be
        Path home = Files.createDirectories(tmp.resolve("hf-home"));
        Files.writeString(home.resolve("token"), "hf_from_file\n");
        HubEnvironment fromFile = HubEnvironment.of(Map.of("HF_HOME", home.toString(), "HF_ENDPOINT", hub.endpoint()),
                tmp);
        assertEquals(home.resolve("hub"), fromFile.cacheDir());
        new HubPull(fromFile).pull("org/gated", "main", null, QUIET);
        assertTrue(Files.isDirectory(home.resolve("hub/models--org--gated/snapshots/" + COMMIT)));
    }

    @Test
    void aRepositoryWithoutOnnxIsSaidSoByListToo() {
        RepoListing listing = pull().list("org/pytorch-only", "main");
        assertTrue(assertThrows(HubException.class, () -> HubPull.requireOnnx(listing)).getMessage()
                .startsWith("org/pytorch-only has no ONNX weights (its files: "));
    }

    @Test
    void aFullDiskLeavesNothingCompleteAndNoRef() throws Exception {
        String sha = FakeHub.sha256(files.get(onnxPath()));
        Path blobs = Files.createDirectories(tmp.resolve("hub/models--org--tiny/blobs"));
        // the ONNX file's download goes where every write fails as on a full disk (ENOSPC)
        Files.createSymbolicLink(blobs.resolve(sha + ".incomplete"), Path.of("/dev/full"));
        HubException e = assertThrows(HubException.class, () -> pull().pull("org/tiny", "main", null, QUIET));
        assertEquals("the disk holding " + tmp.resolve("hub") + " is full while writing " + onnxPath()
                + "; the partial file stays .incomplete and is resumed by the next pull", e.getMessage());
        assertFalse(Files.exists(blobs.resolve(sha)), "nothing half-written is left as complete");
        assertFalse(Files.exists(tmp.resolve("hub/models--org--tiny/snapshots/" + COMMIT + "/" + onnxPath()),
                LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(tmp.resolve("hub/models--org--tiny/refs/main")), "main names no half snapshot");
        assertThrows(HubException.class, () -> new HubCache(tmp.resolve("hub")).snapshot("org/tiny", "main", "org/tiny"));

        Files.delete(blobs.resolve(sha + ".incomplete")); // room again
        HubPull.Result r = pull().pull("org/tiny", "main", null, QUIET);
        assertEquals(sha, HubPull.sha256(r.snapshot().resolve(r.onnx()).toRealPath()));
    }

    @Test
    void aDamagedBlobInTheCacheIsReplacedByTheNextPull() throws Exception {
        HubPull.Result first = pull().pull("org/tiny", "main", null, QUIET);
        Path blob = first.snapshot().resolve(first.onnx()).toRealPath();
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 1;
        Files.write(blob, bytes);
        HubPull.Result again = pull().pull("org/tiny", "main", null, QUIET);
        assertEquals(List.of(first.onnx()), again.downloaded(), "only the damaged file is fetched again");
        assertEquals(blob.getFileName().toString(), HubPull.sha256(blob));
    }

    @Test
    void theCacheIsTaggedForBackupToolsAsHuggingfaceHubTagsIt() throws Exception {
        pull().pull("org/tiny", "main", null, QUIET);
        assertTrue(Files.readString(tmp.resolve("hub/CACHEDIR.TAG"))
                .startsWith("Signature: 8a477f597d28d172789f06886806bc55\n"));
    }

    @Test
    void theChoiceRulePrefersPortableInt8ThenFp32() {
        List<RepoFile> seven = Stream.of("onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_quantized.onnx",
                "onnx/model_qint8_avx512_vnni.onnx", "onnx/model_q4.onnx", "onnx/model_uint8.onnx", "model.onnx")
                .map(p -> new RepoFile(p, 1, null)).toList();
        assertEquals("onnx/model_quantized.onnx", OnnxChoiceRule.choose(seven).path());
        assertEquals("onnx/model.onnx", OnnxChoiceRule.choose(List.of(seven.get(6), seven.get(0))).path());
        assertEquals(null, OnnxChoiceRule.choose(List.of(seven.get(3), seven.get(1))));
    }
}
