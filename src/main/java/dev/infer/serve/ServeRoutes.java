package dev.infer.serve;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The routes of {@code infer serve}, in one table: the handler names its metrics and its 404 message from
 * it, and {@code ServeDocsTest} holds docs/serve.md to it.
 */
public final class ServeRoutes {
    /** One route: the method it takes and its path. */
    public record Route(String method, String path) {
    }

    public static final List<Route> ALL = List.of(
            new Route("POST", "/embed"),
            new Route("POST", "/predict"),
            new Route("POST", "/tokenize"),
            new Route("POST", "/v1/embeddings"),
            new Route("GET", "/health"),
            new Route("GET", "/ready"),
            new Route("GET", "/info"),
            new Route("GET", "/metrics"));

    private ServeRoutes() {
    }

    /** The path as the metrics label it is counted under: the route's own path, or "other". */
    static String label(String path) {
        return ALL.stream().anyMatch(r -> r.path().equals(path)) ? path : "other";
    }

    /** "/embed, /predict, ...": for the 404 message. */
    static String paths() {
        return ALL.stream().map(Route::path).collect(Collectors.joining(", "));
    }
}
