package dev.infer.cli;

import dev.infer.BuildInfo;
import dev.infer.job.EngineOptions;
import dev.infer.job.JobSpec;
import dev.infer.model.Model;
import dev.infer.model.SessionSettings;
import dev.infer.serve.InferServer;
import dev.infer.serve.ServeEngine;
import dev.infer.serve.ServeSettings;
import dev.infer.task.ClassifyKind;
import dev.infer.task.EmbedKind;
import dev.infer.task.OptionSpec;
import dev.infer.task.OptionValues;
import dev.infer.task.TaskFactory;
import dev.infer.task.TaskKinds;
import dev.infer.task.TokenizeKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", sortOptions = false,
        description = {
            "Serves the model over HTTP, compatible with Hugging Face text-embeddings-inference and OpenAI"
                    + " embeddings: POST /, /embed, /predict, /similarity, /tokenize, /decode, /v1/embeddings;"
                    + " GET /health, /ready, /info, /metrics (Prometheus), /v1/models. Reference: docs/serve.md.",
            "Answers are bit-identical to infer embed / infer classify with the same model and flags. The first"
                    + " line on stderr is 'listening on http://HOST:PORT'. SIGTERM or SIGINT drain: /ready turns"
                    + " 503, new requests get 503, requests in flight finish within --grace (exit 0), else they"
                    + " are cancelled (exit 143, or 130 for SIGINT); a second SIGINT exits at once."
        },
        footer = {"", "Examples:",
            "  infer serve --port 8080",
            "  curl -s localhost:8080/embed -H 'Content-Type: application/json' \\",
            "      -d '{\"inputs\": \"great product\"}'",
            "  infer serve --host 0.0.0.0 --port 0 --labels billing,bug,feature --access-log"})
final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 for all.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (see the first stderr line). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--max-queued-inputs", paramLabel = "N", defaultValue = "512",
            description = "Inputs admitted and not yet answered, over all requests; a request that would pass it is"
                    + " refused whole with 429 and Retry-After. Default: ${DEFAULT-VALUE}.")
    int maxQueuedInputs;

    @Option(names = {"--max-client-batch-size", "--max-batch-inputs"}, paramLabel = "N", defaultValue = "512",
            description = "Inputs one request may carry; more is 413 (as TEI's flag; LangChain sends 512)."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxBatchInputs;

    @Option(names = "--payload-limit", paramLabel = "BYTES", defaultValue = "2000000",
            description = "Largest request body; more is 413. Default: ${DEFAULT-VALUE}.")
    long payloadLimit;

    @Option(names = "--request-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Answer 504 after this and cancel the request's work: its queued inputs never start,"
                    + " its running call is cancelled. Default: none.")
    Duration requestTimeout;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "On SIGTERM/SIGINT, how long requests in flight may take. Default: ${DEFAULT-VALUE}.")
    Duration grace;

    @Option(names = "--cors-allow-origin", paramLabel = "ORIGIN", split = ",",
            description = "Pages from these origins may call the server (CORS), as TEI's flag; '*' for any."
                    + " Default: none.")
    java.util.List<String> corsAllowOrigins = new java.util.ArrayList<>();

    @Option(names = "--access-log",
            description = "One line per request on stderr: method, path, status, time, bytes (never the text).")
    boolean accessLog;

    /**
     * Task options a request sets for itself (TEI's and OpenAI's fields: normalize, dimensions, top_k), or that
     * no route reads, so the server takes no flag for them.
     */
    private static final Set<String> PER_REQUEST = Set.of(EmbedKind.NO_NORMALIZE.key(), EmbedKind.DIMENSIONS.key(),
            ClassifyKind.TOP_K.key(), ClassifyKind.ALL_SCORES.key(), TokenizeKind.MAX_TOKENS.key());

    /** The model's options, the served tasks' options, then the engine's (serve has its own --request-timeout). */
    static List<OptionSpec<?>> servedOptions() {
        List<OptionSpec<?>> all = new ArrayList<>(EngineOptions.MODEL_OPTIONS);
        TaskKinds.allOptions().stream().filter(o -> !PER_REQUEST.contains(o.key())).forEach(all::add);
        all.addAll(List.of(EngineOptions.THREADS, EngineOptions.BATCH_SIZE, EngineOptions.MAX_BATCH_TOKENS,
                EngineOptions.INTRA_OP_THREADS));
        return all;
    }

    /** picocli builds the command from the annotations; this adds the job options after the serve ones. */
    static CommandLine commandLine() {
        ServeCommand command = new ServeCommand();
        CommandSpec spec = CommandSpec.forAnnotatedObject(command);
        JobOptions.add(spec, servedOptions());
        spec.mixinStandardHelpOptions(true); // last in help, as on every other command
        return new CommandLine(spec);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        OptionValues values = JobOptions.read(spec, servedOptions());
        int cores = Runtime.getRuntime().availableProcessors();
        Integer threads = values.get(EngineOptions.THREADS);
        int workers = threads != null ? threads : cores;
        Integer maxBatchTokensGiven = values.get(EngineOptions.MAX_BATCH_TOKENS);
        int maxBatchTokens = maxBatchTokensGiven != null ? maxBatchTokensGiven : EngineOptions.DEFAULT_MAX_BATCH_TOKENS;
        requireAtLeast(1, maxQueuedInputs, "--max-queued-inputs");
        requireAtLeast(1, maxBatchInputs, "--max-client-batch-size");
        requireAtLeast(1, payloadLimit, "--payload-limit");
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535 (got " + port + ")");
        }
        // serve's default model is embed's (minilm); bad values and files fail before the port opens
        JobSpec embed = JobSpec.forKind(EmbedKind.INSTANCE, values);
        JobSpec.forKind(ClassifyKind.INSTANCE, values).prepareTask(null);
        CountDownLatch stop = new CountDownLatch(1);
        try (Signals signals = Signals.install(stop::countDown)) {
            SessionSettings session = embed.session(workers, cores);
            // listening before the model loads: /health answers and /ready says 503 while it loads
            ServeSettings pending = settings(workers, 1, maxBatchTokens);
            try (InferServer server = new InferServer(pending, err)) {
                int bound;
                try {
                    bound = server.start(); // before the model loads: a port in use fails in milliseconds
                } catch (InferServer.BindFailure e) {
                    throw new UsageException(e.getMessage());
                }
                err.println("listening on http://" + host + ":" + bound);
                err.flush();
                try (Model m = embed.loadModel(session)) {
                    int rowsPerCall = TaskFactory.rowsPerCall(m.info(), values.get(EngineOptions.BATCH_SIZE));
                    ServeEngine.open(server, m, settings(workers, rowsPerCall, maxBatchTokens), values,
                            BuildInfo.load().version());
                    err.println("infer: ready: " + m.info().name() + ", " + workers + " workers, " + rowsPerCall
                            + " input(s) per model call");
                    err.flush();
                    stop.await();
                    server.refuseNew(); // before saying so: a probe that reads the line must see 503
                    err.println("infer: shutting down: waiting up to " + grace.toMillis() + " ms for requests in flight");
                    err.flush();
                    boolean drained = server.drain(grace);
                    server.close(); // before the model closes: workers are joined first
                    Integer code = signals.exitCode();
                    return drained || code == null ? ExitCodes.OK : code;
                }
            }
        }
    }

    private ServeSettings settings(int workers, int rowsPerCall, int maxBatchTokens) {
        return new ServeSettings(host, port, workers, rowsPerCall, maxBatchTokens, maxQueuedInputs, maxBatchInputs,
                payloadLimit, requestTimeout, grace, accessLog, corsAllowOrigins);
    }

    private static void requireAtLeast(long min, long value, String flag) {
        if (value < min) {
            throw new UsageException(flag + " must be at least " + min + " (got " + value + ")");
        }
    }
}
