package dev.infer.cli;

import dev.infer.BuildInfo;
import dev.infer.model.Model;
import dev.infer.model.ModelLoader;
import dev.infer.model.Pooling;
import dev.infer.model.SessionSettings;
import dev.infer.serve.InferServer;
import dev.infer.serve.ServeEngine;
import dev.infer.serve.ServeSettings;
import dev.infer.task.ClassifyOptions;
import dev.infer.task.EmbedOptions;
import dev.infer.task.TaskFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
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
    @Mixin ModelOptions model;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 for all.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (see the first stderr line). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Inference workers sharing one model session. Default: the number of processors.")
    Integer threads;

    @Option(names = "--intra-op-threads", paramLabel = "N",
            description = "ONNX Runtime threads per model call. Default: processors / threads (at least 1).")
    Integer intraOpThreads;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N",
            description = "Inputs per model call within a request. Default: 1 for batch-sensitive (quantized)"
                    + " models, so answers match the CLI bit for bit; 32 otherwise.")
    Integer batchSize;

    @Option(names = "--max-batch-tokens", paramLabel = "N", defaultValue = "8192",
            description = "Cap on inputs x padded length of one model call. Default: ${DEFAULT-VALUE}.")
    int maxBatchTokens;

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

    @Option(names = "--pooling", paramLabel = "MODE", description = "As in infer embed: mean, cls or max.")
    String pooling;

    @Option(names = {"-l", "--labels"}, paramLabel = "A,B,...",
            description = "/predict zero-shot labels, as in infer classify. Default: " + ClassifyCommand.DEFAULT_LABELS + ".")
    String labels;

    @Option(names = "--labels-file", paramLabel = "FILE",
            description = "/predict zero-shot labels with their descriptions from a file, as in infer classify.")
    String labelsFile;

    @Option(names = "--head", paramLabel = "FILE",
            description = "/predict few-shot with a head saved by infer classify --save-head (same model).")
    String head;

    @Option(names = "--prefix", paramLabel = "TEXT",
            description = "Put TEXT in front of every input before embedding, as in infer embed and classify."
                    + " Default: the model card's default prompt (e5-small: 'query: '; others: none). A request's"
                    + " prompt_name picks another of the card's prompts.")
    String prefix;

    @Mixin PromptOption prompt;

    @Option(names = "--template", paramLabel = "TEXT", description = "/predict zero-shot template, as in infer classify.")
    String template;

    @Option(names = "--temperature", paramLabel = "T", description = "/predict zero-shot temperature, as in infer classify.")
    Double temperature;

    @Option(names = "--multi-label", description = "/predict with fine-tuned classifiers: score labels independently.")
    boolean multiLabel;

    @Option(names = "--threshold", paramLabel = "P", description = "Multi-label threshold, as in infer classify.")
    Double threshold;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = threads != null ? threads : cores;
        requireAtLeast(1, workers, "--threads");
        requireAtLeast(1, maxBatchTokens, "--max-batch-tokens");
        requireAtLeast(1, maxQueuedInputs, "--max-queued-inputs");
        requireAtLeast(1, maxBatchInputs, "--max-client-batch-size");
        requireAtLeast(1, payloadLimit, "--payload-limit");
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be between 0 and 65535 (got " + port + ")");
        }
        if (intraOpThreads != null) {
            requireAtLeast(1, intraOpThreads, "--intra-op-threads");
        }
        Pooling requested = pooling == null ? null : PoolingOption.parse(pooling);
        ClassifyOptions classify = new ClassifyOptions(labels, labelsFile, template, temperature, prefix, null, null,
                null, null, head, null, null, false, multiLabel, threshold);
        prompt.checkAlone(prefix);
        TaskFactory.prepare(classify, null); // bad values and files fail before the port opens
        CountDownLatch stop = new CountDownLatch(1);
        try (Signals signals = Signals.install(stop::countDown)) {
            SessionSettings session = SessionSettings.of(intraOpThreads, workers, cores, batchSize);
            // listening before the model loads: /health answers and /ready says 503 while it loads
            ServeSettings pending = settings(workers, 1);
            try (InferServer server = new InferServer(pending, err)) {
                int bound;
                try {
                    bound = server.start(); // before the model loads: a port in use fails in milliseconds
                } catch (InferServer.BindFailure e) {
                    throw new UsageException(e.getMessage());
                }
                err.println("listening on http://" + host + ":" + bound);
                err.flush();
                try (Model m = ModelLoader.load(dev.infer.model.ModelRef.parse(model.model, model.modelFile, "embed"), session,
                        model.maxLength)) { // serve's default is embed's: minilm
                    int rowsPerCall = TaskFactory.rowsPerCall(m.info(), batchSize);
                    String rowPrefix = prompt.prefix(m.info(), prefix);
                    ServeEngine.open(server, m, settings(workers, rowsPerCall), new EmbedOptions(requested, true,
                            rowPrefix), classify.withPrefix(rowPrefix), BuildInfo.load().version());
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

    private ServeSettings settings(int workers, int rowsPerCall) {
        return new ServeSettings(host, port, workers, rowsPerCall, maxBatchTokens, maxQueuedInputs, maxBatchInputs,
                payloadLimit, requestTimeout, grace, accessLog, corsAllowOrigins);
    }

    private static void requireAtLeast(long min, long value, String flag) {
        if (value < min) {
            throw new UsageException(flag + " must be at least " + min + " (got " + value + ")");
        }
    }
}
