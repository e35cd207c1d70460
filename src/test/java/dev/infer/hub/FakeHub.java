package dev.infer.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * A stand-in for huggingface.co on loopback, answering header for header as huggingface_hub 0.36 expects:
 * {@code HEAD/GET /{repo}/resolve/{rev}/{path}} with {@code X-Repo-Commit}; small files {@code 200} with
 * {@code ETag} = the git blob SHA-1; large files (.onnx and their data) {@code 302} with an ABSOLUTE
 * {@code Location} on a second server (the content host) plus {@code X-Linked-Etag} (SHA-256) and
 * {@code X-Linked-Size}; {@code GET /api/models/{repo}/revision/{rev}} with {@code sha} and {@code siblings};
 * {@code 401 X-Error-Code: GatedRepo} for a gated repository without a token, {@code 403 GatedRepo} with a token
 * whose account has not accepted its licence ({@value #NO_ACCESS_TOKEN}), {@code 401} with {@code X-Error-Message:
 * Invalid credentials in Authorization header} for a token the hub does not know ({@value #INVALID_TOKEN}),
 * {@code 401 RepoNotFound},
 * {@code 404 RevisionNotFound} / {@code EntryNotFound}. The content host honours {@code Range} and can drop
 * the connection after a set number of bytes (once) or serve corrupt bytes, so failures are deterministic.
 */
public final class FakeHub implements AutoCloseable {
    /** A token of an account that has not accepted the gated repositories' licences. */
    public static final String NO_ACCESS_TOKEN = "hf_noaccess";
    /** A token the hub does not know. */
    public static final String INVALID_TOKEN = "hf_invalid";

    record Repo(String commit, Map<String, byte[]> files, boolean gated) {
    }

    private final Map<String, Repo> repos = new java.util.concurrent.ConcurrentHashMap<>();
    private final Server hub = new Server();
    private final Server content = new Server();
    private final ServerConnector hubConnector = new ServerConnector(hub);
    private final ServerConnector contentConnector = new ServerConnector(content);
    /** Bytes the content host sends before dropping the next download's connection; -1: never. */
    final AtomicLong dropAfter = new AtomicLong(-1);
    volatile boolean corrupt;
    /** Every Range header the content host saw ("" for none), in order. */
    final List<String> ranges = new CopyOnWriteArrayList<>();

    public FakeHub() throws Exception {
        hubConnector.setHost("127.0.0.1");
        contentConnector.setHost("127.0.0.1");
        hub.addConnector(hubConnector);
        content.addConnector(contentConnector);
        hub.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                hub(request, response, callback);
                return true;
            }
        });
        content.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                content(request, response, callback);
                return true;
            }
        });
        hub.start();
        content.start();
    }

    /** Serves {@code repo} at {@code commit} (and main); adding it again moves main to a new commit. */
    public void add(String repo, String commit, Map<String, byte[]> files, boolean gated) {
        repos.put(repo, new Repo(commit, files, gated));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + hubConnector.getLocalPort();
    }

    static boolean large(String path) {
        return path.endsWith(".onnx") || path.endsWith(".onnx_data");
    }

    private void hub(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String auth = request.getHeaders().get("Authorization");
        if (path.startsWith("/api/models/")) {
            String[] p = path.substring("/api/models/".length()).split("/revision/", 2);
            Repo repo = access(p[0], auth, response, callback);
            if (repo == null) {
                return;
            }
            if (!revisionOk(repo, p[1])) {
                error(response, callback, 404, "RevisionNotFound");
                return;
            }
            List<Map<String, Object>> siblings = new ArrayList<>();
            repo.files.forEach((name, bytes) -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("rfilename", name);
                s.put("size", bytes.length);
                s.put("blobId", gitSha1(bytes));
                if (large(name)) {
                    s.put("lfs", Map.of("sha256", sha256(bytes), "size", bytes.length, "pointerSize", 134));
                }
                siblings.add(s);
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", p[0]);
            body.put("sha", repo.commit);
            body.put("siblings", siblings);
            response.getHeaders().put("Content-Type", "application/json");
            response.write(true, ByteBuffer.wrap(new ObjectMapper().writeValueAsBytes(body)), callback);
            return;
        }
        // /{org}/{name}/resolve/{rev}/{path...}
        String[] parts = path.substring(1).split("/", 5);
        if (parts.length < 5 || !parts[2].equals("resolve")) {
            error(response, callback, 404, null);
            return;
        }
        Repo repo = access(parts[0] + "/" + parts[1], auth, response, callback);
        if (repo == null) {
            return;
        }
        if (!revisionOk(repo, parts[3])) {
            error(response, callback, 404, "RevisionNotFound");
            return;
        }
        byte[] bytes = repo.files.get(parts[4]);
        if (bytes == null) {
            error(response, callback, 404, "EntryNotFound");
            return;
        }
        response.getHeaders().put("X-Repo-Commit", repo.commit);
        if (large(parts[4])) {
            String sha = sha256(bytes);
            response.setStatus(302);
            response.getHeaders().put("Location", "http://127.0.0.1:" + contentConnector.getLocalPort() + "/blobs/"
                    + parts[0] + "--" + parts[1] + "/" + sha + "?path=" + parts[4]);
            response.getHeaders().put("ETag", "\"" + gitSha1(bytes) + "\"");
            response.getHeaders().put("X-Linked-Etag", "\"" + sha + "\"");
            response.getHeaders().put("X-Linked-Size", Long.toString(bytes.length));
            response.getHeaders().put("Content-Length", "0");
            callback.succeeded();
            return;
        }
        response.getHeaders().put("ETag", "\"" + gitSha1(bytes) + "\"");
        response.getHeaders().put("Content-Length", Long.toString(bytes.length));
        if (request.getMethod().equals("HEAD")) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }

    private void content(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request); // /blobs/{org--name}/{sha256}
        String[] p = path.split("/");
        Repo repo = repos.get(p[2].replace("--", "/"));
        byte[] bytes = repo.files.values().stream().filter(b -> sha256(b).equals(p[3])).findFirst().orElseThrow();
        if (corrupt) {
            bytes = bytes.clone();
            bytes[bytes.length / 2] ^= 1;
        }
        String range = request.getHeaders().get("Range");
        ranges.add(range == null ? "" : range);
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        if (range != null) {
            response.setStatus(206);
            response.getHeaders().put("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
        }
        response.getHeaders().put("Content-Length", Long.toString(bytes.length - from));
        long drop = dropAfter.getAndSet(-1);
        if (drop >= 0) {
            try (Blocker.Callback b = Blocker.callback()) {
                response.write(false, ByteBuffer.wrap(bytes, from, (int) drop), b);
                b.block();
            }
            callback.failed(new IOException("the fake content host drops the connection here"));
            return;
        }
        response.write(true, ByteBuffer.wrap(bytes, from, bytes.length - from), callback);
    }

    private Repo access(String id, String auth, Response response, Callback callback) {
        if (("Bearer " + INVALID_TOKEN).equals(auth)) {
            response.getHeaders().put("X-Error-Message", "Invalid credentials in Authorization header");
            error(response, callback, 401, null);
            return null;
        }
        Repo repo = repos.get(id);
        if (repo == null) {
            error(response, callback, 401, "RepoNotFound"); // the real hub says 401 for unknown repositories too
            return null;
        }
        if (repo.gated && auth == null) {
            error(response, callback, 401, "GatedRepo");
            return null;
        }
        if (repo.gated && auth.equals("Bearer " + NO_ACCESS_TOKEN)) {
            error(response, callback, 403, "GatedRepo");
            return null;
        }
        return repo;
    }

    private static boolean revisionOk(Repo repo, String rev) {
        return rev.equals("main") || rev.equals(repo.commit);
    }

    private static void error(Response response, Callback callback, int status, String code) {
        response.setStatus(status);
        if (code != null) {
            response.getHeaders().put("X-Error-Code", code);
        }
        callback.succeeded();
    }

    static String sha256(byte[] b) {
        return digest("SHA-256", b, new byte[0]);
    }

    /** git's blob id: SHA-1 of "blob LEN\0" and the bytes, what the hub's ETag is for small files. */
    static String gitSha1(byte[] b) {
        return digest("SHA-1", b, ("blob " + b.length + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String digest(String alg, byte[] b, byte[] header) {
        try {
            MessageDigest d = MessageDigest.getInstance(alg);
            d.update(header);
            return HexFormat.of().formatHex(d.digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file of a folder, by its path in the folder: what a repository holding that folder serves. */
    public static Map<String, byte[]> filesOf(java.nio.file.Path folder) throws IOException {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (var s = java.nio.file.Files.walk(folder)) {
            for (java.nio.file.Path f : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                files.put(folder.relativize(f).toString(), java.nio.file.Files.readAllBytes(f));
            }
        }
        return files;
    }

    @Override
    public void close() throws Exception {
        hub.stop();
        content.stop();
    }
}
