package dev.infer.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP routes, compatible with Hugging Face text-embeddings-inference (TEI) and OpenAI embeddings.
 *
 * <p>No route runs inference on an HTTP thread: inference requests are queued to the workers and their
 * responses written asynchronously from the completion, so {@code /health} and {@code /ready} are always
 * answered at once, however busy the workers are.
 */
final class HttpApi extends Handler.Abstract {
    private final ObjectMapper json = new ObjectMapper();
    private final ServeSettings settings;
    private final ServeMetrics metrics;
    private final Lifecycle lifecycle;
    private final Supplier<Routes> routes;
    private final java.io.PrintWriter accessLog;

    /** What the server can answer once the model is loaded. */
    record Routes(InferenceService service, InferenceService.Route embed, InferenceService.Route embedRaw,
                  InferenceService.Route predict, Map<String, Object> info, String modelName) {
    }

    /** The server's state as the routes see it. */
    interface Lifecycle {
        boolean ready();

        boolean draining();

        /** A request starts (false: refused, the server is draining); every true is paired with ended(). */
        boolean begin();

        void ended();
    }

    HttpApi(ServeSettings settings, ServeMetrics metrics, Lifecycle lifecycle, Supplier<Routes> routes,
            java.io.PrintWriter accessLog) {
        this.settings = settings;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.routes = routes;
        this.accessLog = accessLog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        String route = ServeRoutes.label(path);
        Reply reply = (status, body, type) -> send(request, response, callback, route, start, status, body, type);
        try {
            switch (path) {
                case "/health" -> reply.json(200, Map.of("status", "ok"));
                case "/ready" -> {
                    if (lifecycle.ready() && !lifecycle.draining()) {
                        reply.json(200, Map.of("status", "ready"));
                    } else {
                        reply.error(new ServeError(503, "Unhealthy",
                                lifecycle.draining() ? "the server is shutting down" : "the model is loading"));
                    }
                }
                case "/metrics" -> reply.send(200, metrics.scrape(), metrics.contentType());
                case "/info" -> {
                    Routes r = loaded();
                    reply.json(200, r.info());
                }
                case "/embed", "/predict", "/tokenize", "/v1/embeddings" -> {
                    if (!method.equals("POST")) {
                        reply.error(new ServeError(405, "Validation", path + " takes POST with a JSON body"));
                        return true;
                    }
                    inference(request, path, reply);
                }
                default -> reply.error(new ServeError(404, "NotFound", "no route " + path
                        + " (routes: " + ServeRoutes.paths() + ")"));
            }
        } catch (ServeError e) {
            reply.error(e);
        } catch (Exception e) {
            reply.error(new ServeError(500, "Backend", "internal error: " + e.getClass().getSimpleName()));
        }
        return true;
    }

    private Routes loaded() {
        Routes r = routes.get();
        if (r == null) {
            throw new ServeError(503, "Unhealthy", "the model is loading");
        }
        return r;
    }

    private void inference(Request request, String path, Reply reply) {
        Routes r = loaded();
        if (!lifecycle.begin()) {
            throw new ServeError(503, "Unhealthy", "the server is shutting down");
        }
        long declared = request.getLength();
        if (declared > settings.payloadLimit()) {
            lifecycle.ended();
            throw tooLarge();
        }
        // the body is read without blocking a thread; past the limit the read fails
        Content.Source.asByteArrayAsync(request, (int) Math.min(Integer.MAX_VALUE - 8, settings.payloadLimit()))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        lifecycle.ended();
                        Throwable f = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        // a body without Content-Length that outgrows the limit fails the bounded read
                        boolean overLimit = f instanceof IllegalStateException || f instanceof IllegalArgumentException
                                || f instanceof java.nio.BufferOverflowException;
                        reply.error(overLimit ? tooLarge() : ServeError.validation(400, "could not read the request body"));
                        return;
                    }
                    CompletableFuture<?> done;
                    try {
                        done = route(r, path, body, reply);
                    } catch (ServeError e) {
                        lifecycle.ended();
                        reply.error(e);
                        return;
                    } catch (Exception e) {
                        lifecycle.ended();
                        reply.error(new ServeError(500, "Backend", "internal error: " + e.getClass().getSimpleName()));
                        return;
                    }
                    done.whenComplete((v, e) -> lifecycle.ended());
                });
    }

    private ServeError tooLarge() {
        return ServeError.validation(413, "the request body is larger than the payload limit of "
                + settings.payloadLimit() + " bytes");
    }

    /** Parses the body and answers the route; the returned future completes once the reply is sent. */
    private CompletableFuture<?> route(Routes r, String path, byte[] body, Reply reply) throws Exception {
        JsonNode root = parse(body);
        boolean openAi = path.equals("/v1/embeddings");
        JsonNode field = root.get(openAi ? "input" : "inputs");
        String name = openAi ? "input" : "inputs";
        if (field == null || field.isNull()) {
            throw ServeError.validation(422, "the body needs '" + name + "': a string or a list of strings");
        }
        boolean single = field.isTextual();
        List<String> texts = texts(field, name);
        if (texts.isEmpty()) {
            throw ServeError.validation(400, "'" + name + "' is empty; send at least one text");
        }
        if (texts.size() > settings.maxBatchInputs()) {
            throw ServeError.validation(413, "'" + name + "' has " + texts.size() + " texts, more than the limit of "
                    + settings.maxBatchInputs() + " per request");
        }
        if (path.equals("/tokenize")) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object[] v : r.service().tokenize(texts)) {
                out.add(Map.of("tokens", v[0], "truncated", v[1]));
            }
            reply.json(200, single ? List.of(out.get(0)) : out);
            return CompletableFuture.completedFuture(null);
        }
        InferenceService.Route target;
        if (path.equals("/predict")) {
            target = require(r.predict(), "this model cannot classify");
        } else {
            JsonNode normalize = root.get("normalize");
            if (normalize != null && !normalize.isBoolean()) {
                throw ServeError.validation(422, "'normalize' must be true or false");
            }
            boolean raw = normalize != null && !normalize.asBoolean();
            target = require(raw ? r.embedRaw() : r.embed(), "this model cannot make embeddings");
        }
        CompletableFuture<InferenceService.Answer> answer = r.service().submit(target, texts);
        return answer.handle((a, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                reply.error(cause instanceof ServeError se ? se
                        : new ServeError(500, "Backend", "inference failed: " + cause.getMessage()));
            } else if (path.equals("/predict")) {
                List<Object> out = new ArrayList<>();
                for (Object[] v : a.values()) {
                    out.add(v[v.length - 1]); // top_k with every label: {label, score}, best first
                }
                reply.json(200, single ? out.get(0) : out);
            } else if (openAi) {
                List<Map<String, Object>> data = new ArrayList<>();
                for (int i = 0; i < a.values().size(); i++) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("object", "embedding");
                    d.put("embedding", a.values().get(i)[0]);
                    d.put("index", i);
                    data.add(d);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("object", "list");
                out.put("data", data);
                out.put("model", r.modelName());
                out.put("usage", Map.of("prompt_tokens", a.tokens(), "total_tokens", a.tokens()));
                reply.json(200, out);
            } else {
                List<Object> out = new ArrayList<>();
                for (Object[] v : a.values()) {
                    out.add(v[0]);
                }
                reply.json(200, out);
            }
            return null;
        });
    }

    private static InferenceService.Route require(InferenceService.Route route, String why) {
        if (route == null) {
            throw ServeError.validation(400, why);
        }
        return route;
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ServeError.validation(400, "the request body is empty; send JSON");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw ServeError.validation(422, "the body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ServeError.validation(422, "the body is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw ServeError.validation(422, "the body could not be read as JSON");
        }
    }

    private static List<String> texts(JsonNode field, String name) {
        if (field.isTextual()) {
            return List.of(field.asText());
        }
        if (!field.isArray()) {
            throw ServeError.validation(422, "'" + name + "' must be a string or a list of strings");
        }
        List<String> out = new ArrayList<>(field.size());
        for (JsonNode n : field) {
            if (!n.isTextual()) {
                throw ServeError.validation(422, "'" + name + "' must hold only strings (item " + out.size()
                        + " is " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            out.add(n.asText());
        }
        return out;
    }

    @FunctionalInterface
    private interface Reply {
        void send(int status, byte[] body, String type);

        default void json(int status, Object value) {
            try {
                send(status, new ObjectMapper().writeValueAsBytes(value), "application/json");
            } catch (JsonProcessingException e) {
                send(500, "{\"error\":\"could not write the answer\",\"error_type\":\"Backend\"}"
                        .getBytes(StandardCharsets.UTF_8), "application/json");
            }
        }

        default void error(ServeError e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("error_type", e.type);
            json(e.status, body);
        }
    }

    private void send(Request request, Response response, Callback callback, String route, long start, int status,
                      byte[] body, String type) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        if (status == 429) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics.requests.labelValues(route, Integer.toString(status)).inc();
        metrics.requestSeconds.labelValues(route).observe(seconds);
        if (accessLog != null) {
            // never the request's text: method, path, status, time, bytes out
            accessLog.printf("%s %s %d %.1fms %dB%n", request.getMethod(), Request.getPathInContext(request), status,
                    seconds * 1000, body.length);
            accessLog.flush();
        }
    }
}
