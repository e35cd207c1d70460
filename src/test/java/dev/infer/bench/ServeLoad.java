package dev.infer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for {@code scripts/bench --serve}: drives a TEI-style {@code POST /embed} service with
 * one-text requests from the bench corpus at each concurrency level (keep-alive connections, closed
 * loop), and reports requests/s and p50/p90/p99 latency per level, plus {@code /health} latency sampled
 * every 20 ms while the highest level runs (saturation). One JSON line per level on stdout.
 *
 * <p>Scenarios: {@code embed} (the above), {@code tokenize-flood} (the same texts to {@code /tokenize}, which
 * needs no model: tokenizer threads only) and {@code long-embed} (300,000-character texts to {@code /embed}: cut
 * to the character budget, then tokenized), to show {@code /health} while tokenizing is the load.
 *
 * <pre>
 *   ServeLoad --url http://127.0.0.1:PORT --corpus corpus.csv [--name infer] [--requests 2000]
 *             [--concurrency 1,4,16] [--warmup 50] [--scenario embed|tokenize-flood|long-embed]
 * </pre>
 */
public final class ServeLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = require(a, "url");
        List<String> texts = texts(Path.of(require(a, "corpus")));
        String name = a.getOrDefault("name", "service");
        String scenario = a.getOrDefault("scenario", "embed");
        String route = switch (scenario) {
            case "embed", "long-embed" -> "/embed";
            case "tokenize-flood" -> "/tokenize";
            default -> throw new IllegalArgumentException("ServeLoad --scenario: embed, tokenize-flood or long-embed");
        };
        if (scenario.equals("long-embed")) {
            texts = longTexts(texts, 300_000);
        }
        int requests = Integer.parseInt(a.getOrDefault("requests", "2000"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "50"));
        int[] levels = Arrays.stream(a.getOrDefault("concurrency", "1,4,16").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        run(http, url + route, url, texts, 1, warmup, false); // JIT, connections, the session's first calls
        int top = Arrays.stream(levels).max().orElse(1);
        for (int c : levels) {
            Map<String, Object> r = run(http, url + route, url, texts, c, requests, c == top);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("service", name);
            line.put("concurrency", c);
            line.putAll(r);
            System.out.println(JSON.writeValueAsString(line));
        }
    }

    /** Texts of {@code chars} characters each, the corpus's texts joined in turn (a fixed order: no randomness). */
    private static List<String> longTexts(List<String> texts, int chars) {
        List<String> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < 20; i++) {
            StringBuilder b = new StringBuilder(chars + 200);
            while (b.length() < chars) {
                b.append(texts.get(next++ % texts.size())).append(' ');
            }
            out.add(b.substring(0, chars));
        }
        return out;
    }

    /**
     * @param target the route the load posts to
     * @param url    the service's base URL ({@code /health} is sampled there)
     */
    private static Map<String, Object> run(HttpClient http, String target, String url, List<String> texts,
                                           int concurrency, int requests, boolean sampleHealth) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[requests];
        CountDownLatch done = new CountDownLatch(concurrency);
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Long> health = new ArrayList<>();
        Thread healthSampler = null;
        if (sampleHealth) {
            healthSampler = new Thread(() -> {
                HttpRequest h = HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(30)).build();
                while (loading.get()) {
                    long t0 = System.nanoTime();
                    try {
                        http.send(h, HttpResponse.BodyHandlers.discarding());
                        synchronized (health) {
                            health.add(System.nanoTime() - t0);
                        }
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, "health-sampler");
        }
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread worker = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        String body = JSON.writeValueAsString(Map.of("inputs", texts.get(i % texts.size())));
                        HttpRequest req = HttpRequest.newBuilder(URI.create(target))
                                .timeout(Duration.ofSeconds(120)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t0 = System.nanoTime();
                        int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        latencies[i] = System.nanoTime() - t0;
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            }, "load-" + t);
            worker.start();
        }
        if (healthSampler != null) {
            healthSampler.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        loading.set(false);
        if (healthSampler != null) {
            healthSampler.join();
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests", requests);
        r.put("errors", errors.get());
        r.put("requests_per_s", round(requests / seconds));
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        r.put("p50_ms", ms(pct(sorted, 0.50)));
        r.put("p90_ms", ms(pct(sorted, 0.90)));
        r.put("p99_ms", ms(pct(sorted, 0.99)));
        if (sampleHealth) {
            long[] h = health.stream().mapToLong(Long::longValue).sorted().toArray();
            r.put("health_samples", h.length);
            r.put("health_p50_ms", h.length == 0 ? null : ms(pct(h, 0.50)));
            r.put("health_p99_ms", h.length == 0 ? null : ms(pct(h, 0.99)));
        }
        return r;
    }

    private static long pct(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The corpus's text column (the last one in the bench corpus: id,rating,text). */
    static List<String> texts(Path corpus) throws Exception {
        return BenchModel.readTexts(corpus, "text", 0); // FastCSV, independent of infer's own reader
    }

    private static String require(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("ServeLoad needs --" + key);
        }
        return v;
    }
}
