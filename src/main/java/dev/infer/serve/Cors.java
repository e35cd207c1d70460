package dev.infer.serve;

import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * {@code --cors-allow-origin}, as TEI's flag: pages from these origins may call the server. Off by default
 * (TEI allows any origin by default; infer lets no other page read its answers unless asked).
 */
final class Cors {
    private final List<String> origins;

    Cors(List<String> origins) {
        this.origins = origins;
    }

    boolean enabled() {
        return !origins.isEmpty();
    }

    /** Adds the CORS headers when the request's origin is allowed. */
    void headers(Request request, Response response) {
        if (!enabled()) {
            return;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return;
        }
        boolean any = origins.contains("*");
        if (!any && !origins.contains(origin)) {
            return;
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin);
        if (!any) {
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "content-type");
    }
}
