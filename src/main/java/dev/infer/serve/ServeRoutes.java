package dev.infer.serve;

import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import java.util.Set;
import java.util.stream.Stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The routes of {@code infer serve}, in one table: the handler dispatches, names its metrics and words its
 * 404 from it, and {@code ServeDocsTest} holds docs/serve.md's route table to it.
 */
public final class ServeRoutes {
    /** One route: the method it takes (GET also answers HEAD; ANY for a refusal) and its path. */
    public record Route(String method, String path) {
    }

    /** The Hugging Face Inference API's task routes, answered in its shapes (its clients read those). */
    static final String HF_FEATURES = "/pipeline/feature-extraction";
    static final String HF_CLASSIFY = "/pipeline/text-classification";
    static final String HF_ZERO_SHOT = "/pipeline/zero-shot-classification";
    static final String MODEL_BY_ID = "/v1/models/{id}";

    /** Tasks whose name is already a route of TEI's, answered in TEI's shape rather than the generic one. */
    private static final Set<String> TEI_SHAPED = Set.of("embed", "tokenize");

    /**
     * Every other task of the registry is {@code POST /NAME}, answered in the generic shape: each input's result
     * fields, as the CLI writes them ({@code infer classify} is {@code POST /classify}). A task added to the
     * registry gets its route here, with no change to the server.
     */
    static final List<String> TASKS = TaskKinds.all().stream().map(TaskKind::name)
            .filter(n -> !TEI_SHAPED.contains(n)).map(n -> "/" + n).toList();

    private static final List<String> POST = Stream.concat(Stream.of("/", "/embed", "/embeddings", "/v1/embeddings",
            "/predict", "/similarity", "/tokenize", "/decode", HF_FEATURES, HF_CLASSIFY, HF_ZERO_SHOT),
            TASKS.stream()).toList();
    private static final List<String> GET = List.of("/", "/health", "/ping", "/ready", "/info", "/metrics",
            "/v1/models", MODEL_BY_ID);
    /** TEI routes for kinds of model infer does not serve yet (424), and what would serve them. */
    static final Map<String, String> OTHER_KINDS = Map.of(
            "/rerank", "a re-ranker (cross-encoder) model, which infer does not serve yet; with this embedding model,"
                    + " /similarity scores sentences against a query",
            "/embed_sparse", "a sparse (SPLADE) model, which infer does not serve yet; /embed gives dense vectors",
            "/embed_all", "token-level embeddings, which infer does not serve yet; /embed gives pooled vectors");

    public static final List<Route> ALL = all();

    private ServeRoutes() {
    }

    private static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        POST.forEach(p -> routes.add(new Route("POST", p)));
        GET.forEach(p -> routes.add(new Route("GET", p)));
        OTHER_KINDS.keySet().stream().sorted().forEach(p -> routes.add(new Route("ANY", p)));
        return List.copyOf(routes);
    }

    static boolean takesPost(String path) {
        return POST.contains(path);
    }

    /** GET and HEAD routes, {@code /v1/models/ID} included. */
    static boolean takesGet(String path) {
        return GET.contains(path) || path.startsWith("/v1/models/");
    }

    /** The path as the metrics label it is counted under: the route's own path, or "other". */
    static String label(String path) {
        if (POST.contains(path) || GET.contains(path) || OTHER_KINDS.containsKey(path)) {
            return path;
        }
        return path.startsWith("/v1/models/") ? MODEL_BY_ID : "other";
    }

    /** "POST /, /embed, ...; GET /health, ...": for the 404 message. */
    static String summary() {
        return "POST " + String.join(", ", POST) + "; GET " + GET.stream().filter(p -> !p.equals("/"))
                .collect(Collectors.joining(", "));
    }
}
