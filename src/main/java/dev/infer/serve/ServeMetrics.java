package dev.infer.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.DoubleSupplier;

/**
 * The server's Prometheus metrics, in a registry of its own (no global state): requests by route and
 * status, latency split into queue and inference time, queue depth, inputs in flight, worker restarts.
 */
final class ServeMetrics {
    private static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    final Counter requests = Counter.builder().name("infer_http_requests_total")
            .help("HTTP requests by route and status code").labelNames("route", "status").register(registry);
    final Histogram requestSeconds = Histogram.builder().name("infer_request_duration_seconds")
            .help("Whole request time, by route").labelNames("route").classicOnly().classicUpperBounds(BOUNDS)
            .register(registry);
    final Histogram queueSeconds = Histogram.builder().name("infer_queue_duration_seconds")
            .help("Time a unit of inputs waited for a worker").classicOnly().classicUpperBounds(BOUNDS)
            .register(registry);
    final Histogram inferenceSeconds = Histogram.builder().name("infer_inference_duration_seconds")
            .help("Time a worker spent on a unit of inputs (tokenized, model run, pooled)").classicOnly()
            .classicUpperBounds(BOUNDS).register(registry);
    final Counter inputsInferred = Counter.builder().name("infer_inputs_inferred_total")
            .help("Inputs a worker ran").register(registry);
    final Counter inputsDropped = Counter.builder().name("infer_inputs_dropped_total")
            .help("Inputs of timed-out or cancelled requests that never started").register(registry);
    final Counter internalErrors = Counter.builder().name("infer_internal_errors_total")
            .help("Requests that hit an unexpected failure (answered 500), by its kind").labelNames("kind")
            .register(registry);
    final Counter inputsRejected = Counter.builder().name("infer_inputs_rejected_total")
            .help("Inputs refused because the queue was full (429)").register(registry);

    void gauges(DoubleSupplier queueDepth, DoubleSupplier inFlightInputs, DoubleSupplier busyWorkers,
                DoubleSupplier workerRestarts, DoubleSupplier tokenizersBusy) {
        gauge("infer_tokenizers_busy", "Tokenizer threads working on a request now", tokenizersBusy);
        gauge("infer_queue_depth", "Units of inputs waiting for a worker", queueDepth);
        gauge("infer_inputs_in_flight", "Inputs admitted and not yet answered", inFlightInputs);
        gauge("infer_workers_busy", "Workers running a unit now", busyWorkers);
        // a callback gauge: the pool counts restarts, the metric only reads them
        gauge("infer_worker_restarts", "Workers that died and were replaced since the start", workerRestarts);
    }

    /** Inputs waiting to share a model call with other requests' (models that are not batch-sensitive). */
    void gatheringGauge(DoubleSupplier waitingInputs) {
        gauge("infer_inputs_gathering", "Inputs waiting to share a model call with other requests' inputs",
                waitingInputs);
    }

    private void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }

    String contentType() {
        return writer.getContentType();
    }
}
