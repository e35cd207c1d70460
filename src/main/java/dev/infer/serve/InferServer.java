package dev.infer.serve;

import java.io.PrintWriter;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server's lifecycle: listens at once (so {@code /health} answers and {@code /ready} says 503
 * while the model loads), serves once {@link #serve} hands it the loaded routes, and drains on shutdown:
 * new requests are refused, requests in flight get the grace period, then are cancelled.
 *
 * <p>Single use: start, serve, drain, close, in that order, from one controlling thread.
 */
public final class InferServer implements AutoCloseable {
    private final ServeSettings settings;
    private final ServeMetrics metrics = new ServeMetrics();
    private final Server jetty;
    private final ServerConnector connector;
    private volatile HttpApi.Routes routes;
    private volatile boolean draining;
    private int inFlight;
    private boolean started;

    /** @param log where internal errors and, with {@code --access-log}, one line per request go */
    public InferServer(ServeSettings settings, PrintWriter log) {
        this.settings = settings;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("infer-http");
        threads.setDaemon(true);
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setAcceptedTcpNoDelay(true); // no Nagle delay on keep-alive answers
        jetty.addConnector(connector);
        jetty.setHandler(new HttpApi(settings, metrics, new HttpApi.Lifecycle() {
            @Override
            public boolean ready() {
                return routes != null;
            }

            @Override
            public boolean draining() {
                return draining;
            }

            @Override
            public boolean begin() {
                return InferServer.this.begin();
            }

            @Override
            public void ended() {
                InferServer.this.ended();
            }
        }, () -> routes, log));
        jetty.setErrorHandler(new ProtocolErrors());
        jetty.setStopTimeout(1000);
    }

    /** The address could not be bound: one sentence saying why. */
    public static final class BindFailure extends Exception {
        BindFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Binds and starts answering; returns the port (the chosen one for port 0).
     *
     * @throws BindFailure the port is in use, the host does not resolve or is not this machine's
     */
    public int start() throws Exception {
        if (started) {
            throw new IllegalStateException("a server starts once");
        }
        started = true;
        String where = settings.host() + ":" + settings.port();
        try {
            connector.open(); // bind first: a clear reason before anything else starts
        } catch (java.io.IOException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            String why = c instanceof java.nio.channels.UnresolvedAddressException
                    ? "the host name does not resolve"
                    : c instanceof java.net.BindException && String.valueOf(c.getMessage()).contains("in use")
                    ? "address already in use" : c instanceof java.net.BindException
                    ? "the address is not one of this machine's" : String.valueOf(c.getMessage());
            throw new BindFailure("cannot listen on " + where + ": " + why, e);
        } catch (IllegalArgumentException e) { // UnresolvedAddressException among them {
            throw new BindFailure("cannot listen on " + where + ": the host name does not resolve", e);
        }
        jetty.start();
        return connector.getLocalPort();
    }

    ServeMetrics metrics() {
        return metrics;
    }

    /** The model is loaded: inference routes open and {@code /ready} says 200. */
    void serve(HttpApi.Routes loaded) {
        this.routes = loaded;
    }

    private synchronized boolean begin() {
        if (draining) {
            return false;
        }
        inFlight++;
        return true;
    }

    private synchronized void ended() {
        inFlight--;
        notifyAll();
    }

    /** From now on new requests and {@code /ready} get 503; those in flight go on. */
    public void refuseNew() {
        draining = true;
    }

    /**
     * Refuses new requests and waits for those in flight, up to {@code grace}; past it, cancels them.
     *
     * @return true when every request finished within the grace period
     */
    public boolean drain(Duration grace) throws InterruptedException {
        refuseNew();
        long deadline = System.nanoTime() + grace.toNanos();
        if (waitIdle(deadline)) {
            return true;
        }
        HttpApi.Routes r = routes;
        if (r != null) {
            r.service().cancelAll(); // queued units dropped, running calls cancelled: they answer 503 at once
        }
        waitIdle(System.nanoTime() + 2_000_000_000L);
        return false;
    }

    private synchronized boolean waitIdle(long deadline) throws InterruptedException {
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        draining = true;
        try {
            jetty.stop(); // graceful for up to a second: the last answers are flushed
        } catch (java.util.concurrent.TimeoutException e) {
            // a connection outlived that second: Jetty closed it; the requests were drained before
        } finally {
            HttpApi.Routes r = routes;
            if (r != null) {
                r.service().close();
            }
        }
    }
}
