package dev.infer.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infer.task.ResultField;
import dev.infer.task.ResultSchema;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP routes, compatible with Hugging Face text-embeddings-inference (TEI) and OpenAI embeddings.
 *
 * <p>No route tokenizes or runs inference on an HTTP thread: bodies are read asynchronously, then handed to
 * the engine's tokenizer threads and workers under one admission count, and answers are written from the
 * completion, so {@code /health} and {@code /ready} are always answered at once, however busy the server is.
 * Every request accepted is answered exactly once, an {@link Error} included (500, logged, counted).
 */
final class HttpApi extends Handler.Abstract {
    static final ObjectMapper JSON = ServeJson.mapper();
    private final ServeSettings settings;
    private final ServeMetrics metrics;
    private final Lifecycle lifecycle;
    private final Supplier<Routes> routes;
    private final PrintWriter log;
    private final Cors cors;

    /** What the server can answer once the model is loaded. */
    record Routes(InferenceService service, InferenceService.Route embed, InferenceService.Route embedRaw,
                  InferenceService.Route predict, InferenceService.Route predictRaw, ZeroShotLabels zeroShot,
                  Map<String, InferenceService.Route> tasks, RequestReader reader, Map<String, Object> info,
                  String modelName, boolean embeddingModel, PromptRoutes prompts) {
        /** The embedding route for a request: its prompt_name's, else the server's (normalized or raw). */
        InferenceService.Route embedding(ApiRequest q, boolean normalize) {
            if (q.promptName() != null) {
                return prompts.embed(q.promptName(), normalize);
            }
            return normalize ? embed : embedRaw;
        }
    }

    /** The server's state as the routes see it. */
    interface Lifecycle {
        boolean ready();

        boolean draining();

        /** A request starts (false: refused, the server is draining); every true is paired with ended(). */
        boolean begin();

        void ended();
    }

    /**
     * @param log where internal errors (never a request's text) and, with {@code --access-log}, one line per
     *            request go
     */
    HttpApi(ServeSettings settings, ServeMetrics metrics, Lifecycle lifecycle, Supplier<Routes> routes,
            PrintWriter log) {
        this.settings = settings;
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.routes = routes;
        this.log = log;
        this.cors = new Cors(settings.corsAllowOrigins());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Exchange x = new Exchange(request, response, callback, ServeRoutes.label(path), path.startsWith("/v1/")
                || path.equals("/embeddings"));
        try {
            cors.headers(request, response);
            String method = request.getMethod();
            if (method.equals("OPTIONS") && cors.enabled()) {
                x.send(204, new byte[0], null);
                return true;
            }
            if (ServeRoutes.takesPost(path) && method.equals("POST")) {
                post(path, x);
            } else if (path.equals("/") && isGet(method)) {
                health(x); // TEI answers GET / as /health
            } else if (ServeRoutes.takesGet(path)) {
                if (!isGet(method)) {
                    x.notAllowed("GET, HEAD");
                } else {
                    get(path, x);
                }
            } else if (ServeRoutes.takesPost(path)) {
                x.notAllowed(path.equals("/") ? "GET, HEAD, POST" : "POST");
            } else if (ServeRoutes.OTHER_KINDS.containsKey(path)) {
                x.error(new ServeError(424, "Backend", path + " needs " + ServeRoutes.OTHER_KINDS.get(path)));
            } else {
                x.error(new ServeError(404, "NotFound", "no route " + clip(path) + " (see /info; routes: "
                        + ServeRoutes.summary() + ")"));
            }
        } catch (ServeError e) {
            x.error(e);
        } catch (Throwable t) {
            x.internal(t);
        }
        return true;
    }

    private static boolean isGet(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private void health(Exchange x) {
        x.json(200, Map.of("status", "ok"));
    }

    private void get(String path, Exchange x) throws Exception {
        switch (path) {
            case "/health", "/ping" -> health(x);
            case "/ready" -> {
                if (lifecycle.ready() && !lifecycle.draining()) {
                    x.json(200, Map.of("status", "ready"));
                } else {
                    x.error(new ServeError(503, "Unhealthy",
                            lifecycle.draining() ? "the server is shutting down" : "the model is loading"));
                }
            }
            case "/metrics" -> x.send(200, metrics.scrape(), metrics.contentType());
            case "/info" -> x.json(200, loaded().info());
            case "/v1/models" -> x.json(200, Map.of("object", "list", "data", List.of(modelObject(loaded()))));
            default -> { // /v1/models/{id}
                Routes r = loaded();
                String id = path.substring("/v1/models/".length());
                if (!id.equals(r.modelName())) {
                    throw new ServeError(404, "NotFound", "no model '" + clip(id) + "'; this server serves '"
                            + r.modelName() + "'");
                }
                x.json(200, modelObject(r));
            }
        }
    }

    private static Map<String, Object> modelObject(Routes r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.modelName());
        m.put("object", "model");
        m.put("created", 0);
        m.put("owned_by", "infer");
        return m;
    }

    private Routes loaded() {
        Routes r = routes.get();
        if (r == null) {
            throw new ServeError(503, "Unhealthy", "the model is loading");
        }
        return r;
    }

    private void post(String path, Exchange x) {
        Routes r = loaded();
        String type = x.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!isJson(type)) {
            throw new ServeError(415, "Validation", "send the body as JSON with 'Content-Type: application/json'"
                    + (type == null ? " (no Content-Type was given)" : " (got '" + clip(type) + "')"));
        }
        if (lifecycle.draining()) {
            throw new ServeError(503, "Unhealthy", "the server is shutting down");
        }
        if (x.request.getLength() > settings.payloadLimit()) {
            throw tooLarge();
        }
        // read without holding a thread; a request counts as in flight only once its body is in, so a client
        // trickling a body never holds a shutdown (Jetty's idle timeout ends it)
        Content.Source.asByteArrayAsync(x.request, (int) Math.min(Integer.MAX_VALUE - 8, settings.payloadLimit()))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        Throwable f = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        boolean overLimit = f instanceof IllegalStateException || f instanceof IllegalArgumentException
                                || f instanceof java.nio.BufferOverflowException;
                        x.error(overLimit ? tooLarge() : ServeError.validation(400, "could not read the request body"));
                        return;
                    }
                    if (!lifecycle.begin()) {
                        x.error(new ServeError(503, "Unhealthy", "the server is shutting down"));
                        return;
                    }
                    CompletableFuture<?> done;
                    try {
                        done = answer(r, path, body, x);
                    } catch (ServeError e) {
                        lifecycle.ended();
                        x.error(e);
                        return;
                    } catch (Throwable t) {
                        lifecycle.ended();
                        x.internal(t);
                        return;
                    }
                    done.whenComplete((v, e) -> lifecycle.ended());
                });
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || (mime.startsWith("application/") && mime.endsWith("+json"));
    }

    private ServeError tooLarge() {
        return ServeError.validation(413, "the request body is larger than the payload limit of "
                + settings.payloadLimit() + " bytes (--payload-limit)");
    }

    /** Reads the body and answers the route; the returned future completes once the answer is sent. */
    private CompletableFuture<?> answer(Routes r, String path, byte[] body, Exchange x) {
        RequestReader.Schema schema = switch (path) {
            case "/embed", ServeRoutes.HF_FEATURES -> RequestReader.Schema.EMBED;
            case ServeRoutes.HF_CLASSIFY, ServeRoutes.HF_ZERO_SHOT -> RequestReader.Schema.PREDICT;
            case "/embeddings", "/v1/embeddings" -> RequestReader.Schema.OPENAI;
            case "/predict" -> RequestReader.Schema.PREDICT;
            case "/tokenize" -> RequestReader.Schema.TOKENIZE;
            case "/decode" -> RequestReader.Schema.DECODE;
            case "/similarity" -> RequestReader.Schema.SIMILARITY;
            default -> ServeRoutes.TASKS.contains(path) ? RequestReader.Schema.TASK
                    : r.embeddingModel() ? RequestReader.Schema.ROOT : RequestReader.Schema.PREDICT;
        };
        ApiRequest q = r.reader().read(body, schema);
        CompletableFuture<?> work = switch (schema) {
            case EMBED -> embed(r, q, x);
            case OPENAI -> openAi(r, q, x);
            case PREDICT -> {
                if (path.equals(ServeRoutes.HF_ZERO_SHOT) && q.candidateLabels() == null) {
                    throw ServeError.validation(422, ServeRoutes.HF_ZERO_SHOT + " needs 'parameters.candidate_labels'");
                }
                yield predict(r, q, x, path.equals(ServeRoutes.HF_CLASSIFY));
            }
            case ROOT -> q.candidateLabels() != null ? predict(r, q, x, false) : embedAtRoot(r, q, x);
            case TOKENIZE -> x.track(r.service().tokenize(q.promptName() == null ? q.texts() : q.texts().stream()
                    .map(t -> r.prompts().text(q.promptName()) + t).toList(), q.addSpecialTokens()))
                    .thenAccept(tokens -> x.json(200, tokens));
            case DECODE -> x.track(r.service().decode(q.ids(), q.skipSpecialTokens())).thenAccept(texts -> x.json(200, texts));
            case SIMILARITY -> similarity(r, q, x);
            case TASK -> task(r, path.substring(1), q, x);
        };
        // a client that hung up or timed out: its work is dropped before it runs (the future's failure cancels it)
        x.request.addFailureListener(t -> x.cancelUpstream());
        return work.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ServeError se) {
                x.error(se);
            } else {
                x.internal(cause);
            }
            return null;
        });
    }

    private CompletableFuture<?> embedAtRoot(Routes r, ApiRequest q, Exchange x) {
        if (q.rawScores() || q.topK() != null) {
            throw ServeError.validation(422, "'raw_scores' and 'top_k' are for classification: give"
                    + " 'parameters.candidate_labels', or POST to /embed for embeddings");
        }
        return embed(r, q, x);
    }

    private CompletableFuture<?> embed(Routes r, ApiRequest q, Exchange x) {
        InferenceService.Route target = require(r.embedding(q, q.normalize()), "/embed");
        return x.track(r.service().submit(target, q.texts())).thenAccept(a -> {
            List<Object> out = new ArrayList<>(a.values().size());
            for (Object[] v : a.values()) {
                out.add(Vectors.cut(vector(target, v), q.dimensions(), q.normalize()));
            }
            x.json(200, out);
        });
    }

    private CompletableFuture<?> openAi(Routes r, ApiRequest q, Exchange x) {
        InferenceService.Route target = require(r.embed(), "/v1/embeddings");
        return x.track(r.service().submit(target, q.texts())).thenAccept(a -> {
            List<Map<String, Object>> data = new ArrayList<>();
            for (int i = 0; i < a.values().size(); i++) {
                float[] v = Vectors.cut(vector(target, a.values().get(i)), q.dimensions(), true);
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("object", "embedding");
                d.put("embedding", q.base64() ? Vectors.base64(v) : v);
                d.put("index", i);
                data.add(d);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("object", "list");
            out.put("data", data);
            out.put("model", r.modelName());
            out.put("usage", Map.of("prompt_tokens", a.tokens(), "total_tokens", a.tokens()));
            x.json(200, out);
        });
    }

    /** @param lists answer a list of lists even for one text (the Hugging Face Inference API's text-classification) */
    private CompletableFuture<?> predict(Routes r, ApiRequest q, Exchange x, boolean lists) {
        if (q.pairs()) {
            throw ServeError.validation(422, r.modelName() + " is not a pair model: it classifies single texts;"
                    + " send [\"text\"] items, not pairs");
        }
        if (q.promptName() != null) {
            throw ServeError.validation(422, "'prompt_name' applies to embeddings (/embed, /similarity, /tokenize);"
                    + " classification puts the server's --prefix or --prompt-name in front");
        }
        CompletableFuture<InferenceService.Answer> answer;
        if (q.candidateLabels() != null) {
            if (r.zeroShot() == null) {
                throw ServeError.validation(422, "'parameters.candidate_labels' needs zero-shot classification with"
                        + " an embedding model; " + r.modelName() + (r.embeddingModel()
                        ? " classifies with a few-shot head here" : " is a fine-tuned classifier with its own labels"));
            }
            answer = r.zeroShot().classify(r.service(), q.texts(), q.candidateLabels(), q.hypothesisTemplate(),
                    q.rawScores());
        } else {
            if (q.hypothesisTemplate() != null) {
                throw ServeError.validation(422, "'parameters.hypothesis_template' goes with"
                        + " 'parameters.candidate_labels' (the server's labels use its --template)");
            }
            answer = r.service().submit(q.rawScores() ? require(r.predictRaw(), "raw_scores") : r.predict(), q.texts());
        }
        // zero-shot per request answers through an embedding route; the others through a classify route
        ResultSchema schema = q.candidateLabels() != null ? ZeroShotLabels.SCHEMA
                : (q.rawScores() ? r.predictRaw() : r.predict()).runner().task().schema();
        return x.track(answer).thenAccept(a -> {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < a.values().size(); i++) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> ranked = (List<Map<String, Object>>) schema.value(a.values().get(i),
                        ResultField.TOP_K).orElseThrow(); // every label, best first
                List<Map<String, Object>> top = q.topK() == null ? ranked
                        : ranked.subList(0, Math.min(q.topK(), ranked.size()));
                out.add(q.candidateLabels() != null ? zeroShotShape(q.texts().get(i), top) : top);
            }
            x.json(200, q.single() && !lists ? out.get(0) : out);
        });
    }

    /** Hugging Face's zero-shot answer: the sequence, its labels best first, and their scores. */
    private static Map<String, Object> zeroShotShape(String text, List<Map<String, Object>> ranked) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", text);
        m.put("labels", ranked.stream().map(p -> p.get("label")).toList());
        m.put("scores", ranked.stream().map(p -> p.get("score")).toList());
        return m;
    }

    private CompletableFuture<?> similarity(Routes r, ApiRequest q, Exchange x) {
        InferenceService.Route target = require(r.embedding(q, true), "/similarity");
        List<String> all = new ArrayList<>(q.texts().size() + 1);
        all.add(q.sourceSentence());
        all.addAll(q.texts());
        return x.track(r.service().submit(target, all)).thenAccept(a -> {
            float[] source = vector(target, a.values().get(0));
            List<Float> scores = new ArrayList<>(q.texts().size());
            for (int i = 1; i < a.values().size(); i++) {
                scores.add((float) dev.infer.model.VectorMath.cosine(source, vector(target, a.values().get(i))));
            }
            x.json(200, scores);
        });
    }

    /** A registry task's generic answer: each input's result fields by name, as the CLI writes them. */
    private CompletableFuture<?> task(Routes r, String name, ApiRequest q, Exchange x) {
        InferenceService.Route target = r.tasks().get(name);
        if (target == null) {
            throw new ServeError(424, "Backend", "/" + name + " needs a model that infer " + name + " can run; "
                    + r.modelName() + " cannot (see /info for this server's routes)");
        }
        ResultSchema schema = target.runner().task().schema();
        return x.track(r.service().submit(target, q.texts())).thenAccept(a -> {
            List<Object> out = new ArrayList<>(a.values().size());
            for (Object[] v : a.values()) {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (int i = 0; i < schema.size(); i++) {
                    fields.put(schema.field(i).name(), v[i]);
                }
                out.add(fields);
            }
            x.json(200, q.single() ? out.get(0) : out);
        });
    }

    /** An embedding route's vector, by the route's schema. */
    private static float[] vector(InferenceService.Route route, Object[] values) {
        return (float[]) route.runner().task().schema().value(values, ResultField.EMBEDDING).orElseThrow();
    }

    private static InferenceService.Route require(InferenceService.Route route, String what) {
        if (route == null) {
            throw new ServeError(424, "Backend", what.equals("raw_scores")
                    ? "'raw_scores' is not available with a few-shot head (it answers probabilities only)"
                    : what + " needs an embedding model; this one is a classifier (use /predict)");
        }
        return route;
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** One request's answer: sent exactly once, in TEI's or OpenAI's error shape, counted and logged. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final String route;
        final boolean openAi;
        final long start = System.nanoTime();
        final AtomicBoolean sent = new AtomicBoolean();
        /** The engine's futures for this request: failing them cancels work not yet run. */
        final List<CompletableFuture<?>> upstream = new java.util.concurrent.CopyOnWriteArrayList<>();

        Exchange(Request request, Response response, Callback callback, String route, boolean openAi) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.route = route;
            this.openAi = openAi;
        }

        <T> CompletableFuture<T> track(CompletableFuture<T> f) {
            upstream.add(f);
            return f;
        }

        /** The connection failed (the client left, or idle timeout): queued work for it is dropped unrun. */
        void cancelUpstream() {
            for (CompletableFuture<?> f : upstream) {
                f.completeExceptionally(new ServeError(499, "Cancelled", "the client closed the connection"));
            }
        }

        void json(int status, Object value) {
            byte[] body;
            try {
                body = JSON.writeValueAsBytes(value);
            } catch (Throwable t) {
                internal(t);
                return;
            }
            send(status, body, "application/json");
        }

        void notAllowed(String allow) {
            response.getHeaders().put(HttpHeader.ALLOW, allow);
            error(new ServeError(405, "Validation", Request.getPathInContext(request) + " takes " + allow));
        }

        void error(ServeError e) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (openAi) { // OpenAI's error object, which its SDKs read
                Map<String, Object> inner = new LinkedHashMap<>();
                inner.put("message", e.getMessage());
                inner.put("type", e.status >= 500 ? "server_error" : e.status == 429 ? "rate_limit_error"
                        : e.status == 404 ? "not_found_error" : "invalid_request_error");
                inner.put("param", null);
                inner.put("code", e.type);
                body.put("error", inner);
            } else {
                body.put("error", e.getMessage());
                body.put("error_type", e.type);
            }
            json(e.status, body);
        }

        /** An unexpected failure, an Error such as OutOfMemoryError included: 500, logged without the text, counted. */
        void internal(Throwable t) {
            String kind = t.getClass().getSimpleName();
            try {
                metrics.internalErrors.labelValues(kind).inc();
                synchronized (log) {
                    log.println("infer: internal error on " + request.getMethod() + " " + route + ": " + kind);
                    log.flush();
                }
            } catch (Throwable ignored) {
                // answering matters more than logging
            }
            error(new ServeError(500, "Backend", "internal error: " + kind));
        }

        void send(int status, byte[] body, String type) {
            if (!sent.compareAndSet(false, true)) {
                return;
            }
            response.setStatus(status);
            if (type != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            }
            if (status == 429) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            }
            boolean head = request.getMethod().equals(HttpMethod.HEAD.asString());
            response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.requests.labelValues(route, Integer.toString(status)).inc();
            metrics.requestSeconds.labelValues(route).observe(seconds);
            if (settings.accessLog()) {
                // never the request's text: method, path, status, time, bytes out
                synchronized (log) {
                    log.printf("%s %s %d %.1fms %dB%n", request.getMethod(), route, status, seconds * 1000,
                            body.length);
                    log.flush();
                }
            }
        }
    }

    /** Error bodies for Jetty's own refusals (bad request line, URI or headers too long, HTTP version). */
    static byte[] protocolError(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("error_type", "Validation");
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            return "{\"error\":\"bad request\",\"error_type\":\"Validation\"}".getBytes(StandardCharsets.UTF_8);
        }
    }
}
