package dev.infer.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's HTTP routes as huggingface_hub 0.36 uses them: the model-info route for the file list and the commit,
 * {@code HEAD /{repo}/resolve/{rev}/{path}} without following redirects except relative ones (a relative
 * Location means a renamed repository; an absolute one is the content host, to download from), and a GET with
 * {@code Range} to resume. Errors are read from {@code X-Error-Code} as huggingface_hub's hf_raise_for_status does.
 */
public final class HubClient {
    private static final int MAX_RELATIVE_REDIRECTS = 10;
    private final HubEnvironment env;
    private final HttpClient http;

    public HubClient(HubEnvironment env) {
        this.env = env;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code GET /api/models/{repo}/revision/{rev}?blobs=true}: the commit and every file with its size. */
    public RepoListing listing(String repo, String revision) {
        URI uri = URI.create(env.endpoint() + "/api/models/" + repo + "/revision/" + encode(revision) + "?blobs=true");
        HttpResponse<String> r = send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofString(), repo);
        check(r, repo, revision, null);
        try {
            JsonNode json = new ObjectMapper().readTree(r.body());
            List<RepoFile> files = new ArrayList<>();
            for (JsonNode s : json.path("siblings")) {
                JsonNode lfs = s.path("lfs");
                files.add(new RepoFile(s.path("rfilename").asText(), s.path("size").asLong(-1),
                        lfs.isObject() ? lfs.path("sha256").asText(null) : null));
            }
            return new RepoListing(repo, json.path("sha").asText(), files);
        } catch (IOException e) {
            throw new HubException("the hub at " + env.endpoint() + " answered " + uri + " with something that is not"
                    + " a model's file list", e);
        }
    }

    /** {@code HEAD} on the resolve route, following relative redirects only (huggingface_hub's get_hf_file_metadata). */
    public FileMetadata metadata(String repo, String revision, String path) {
        URI uri = URI.create(env.endpoint() + "/" + repo + "/resolve/" + encode(revision) + "/" + path);
        for (int hop = 0; ; hop++) {
            HttpResponse<Void> r = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept-Encoding", "identity").build(), HttpResponse.BodyHandlers.discarding(), repo);
            String location = r.headers().firstValue("Location").orElse(null);
            boolean redirect = r.statusCode() / 100 == 3 && location != null;
            if (redirect && !URI.create(location).isAbsolute() && hop < MAX_RELATIVE_REDIRECTS) {
                uri = uri.resolve(location);
                continue;
            }
            if (!redirect) {
                check(r, repo, revision, path);
            }
            String commit = r.headers().firstValue("X-Repo-Commit").orElse(null);
            String etag = r.headers().firstValue("X-Linked-Etag").or(() -> r.headers().firstValue("ETag")).orElse(null);
            if (commit == null || etag == null) {
                throw new HubException(env.endpoint() + " does not answer as the Hugging Face hub does for " + repo
                        + "/" + path + " (no X-Repo-Commit or ETag header); check HF_ENDPOINT");
            }
            long size = r.headers().firstValueAsLong("X-Linked-Size")
                    .orElse(redirect ? -1 : r.headers().firstValueAsLong("Content-Length").orElse(-1));
            return new FileMetadata(commit, normalizeEtag(etag), redirect ? location : uri.toString(), size);
        }
    }

    /**
     * {@code GET} a file's bytes from {@code from} on ({@code Range: bytes=N-}); the answer's first byte
     * is at {@link Download#start()} (0 when the server ignored the range).
     */
    public Download download(String location, long from, String what) {
        URI uri = URI.create(env.endpoint() + "/").resolve(location);
        HttpRequest.Builder b = request(uri).GET().header("Accept-Encoding", "identity");
        if (from > 0) {
            b.header("Range", "bytes=" + from + "-");
        }
        HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream(), what);
        if (r.statusCode() == 416) {
            return download(location, 0, what); // the partial file is longer than the blob: start over
        }
        if (r.statusCode() != 200 && r.statusCode() != 206) {
            try (InputStream ignored = r.body()) {
                throw new HubException("the hub answered HTTP " + r.statusCode() + " when downloading " + what);
            } catch (IOException e) {
                throw new HubException("the hub answered HTTP " + r.statusCode() + " when downloading " + what, e);
            }
        }
        return new Download(r.statusCode() == 206 ? from : 0, r.body());
    }

    /** A download's body, starting at byte {@code start} of the file. */
    public record Download(long start, InputStream body) {
    }

    /** huggingface_hub's _normalize_etag: {@code W/"x"} and {@code "x"} are x. */
    static String normalizeEtag(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.replaceAll("^\"|\"$", "");
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("User-Agent", "infer; hf_hub/0.36-compatible");
        if (env.token() != null) {
            b.header("Authorization", "Bearer " + env.token());
        }
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> body, String what) {
        try {
            return http.send(req, body);
        } catch (ConnectException | HttpTimeoutException e) {
            throw new HubException("cannot reach the hub at " + env.endpoint() + " for " + what + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); check the network or HF_ENDPOINT", e);
        } catch (IOException e) {
            throw new HubException("the connection to " + req.uri().getHost() + " failed for " + what + " ("
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted while talking to the hub", e);
        }
    }

    /** One sentence per failure, as huggingface_hub tells them apart by X-Error-Code. */
    private void check(HttpResponse<?> r, String repo, String revision, String path) {
        int s = r.statusCode();
        if (s / 100 == 2) {
            return;
        }
        String code = r.headers().firstValue("X-Error-Code").orElse("");
        String page = env.endpoint() + "/" + repo;
        if (s == 401 && r.headers().firstValue("X-Error-Message").orElse("")
                .equals("Invalid credentials in Authorization header")) {
            throw new HubException("the hub at " + env.endpoint() + " does not accept this access token (invalid"
                    + " credentials); set HF_TOKEN, or the token file under HF_HOME, to a valid one");
        }
        if ((code.equals("GatedRepo") || s == 403) && env.token() != null) {
            throw new HubException(repo + " is gated or private and the account of this HF_TOKEN may not read it:"
                    + " accept its licence on " + page + " with that account, or use a token of one that has");
        }
        if (code.equals("GatedRepo") || (s == 403 && !code.equals("RepoNotFound"))) {
            throw new HubException(repo + " is gated or private: accept its licence on " + page
                    + " and set HF_TOKEN to an access token of that account");
        }
        if (s == 429) {
            throw new HubException("the hub at " + env.endpoint() + " is rate-limiting these requests (HTTP 429);"
                    + " try again later" + (env.token() == null ? ", or set HF_TOKEN (signed-in limits are higher)" : ""));
        }
        if (code.equals("RevisionNotFound")) {
            throw new HubException(repo + " has no revision '" + revision + "' on " + env.endpoint());
        }
        if (code.equals("EntryNotFound") || (s == 404 && path != null && !code.equals("RepoNotFound"))) {
            throw new HubException(repo + " has no file " + path + " at revision '" + revision + "'");
        }
        if (s == 401 || s == 404) {
            throw new HubException("no model " + repo + " on " + env.endpoint() + (env.token() == null
                    ? " (if it is private or gated, set HF_TOKEN)" : " that this HF_TOKEN may read"));
        }
        throw new HubException("the hub at " + env.endpoint() + " answered HTTP " + s + " for " + repo
                + (path == null ? "" : "/" + path));
    }

    private static String encode(String revision) {
        return URLEncoder.encode(revision, StandardCharsets.UTF_8);
    }
}
