package org.octflow.worker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} (the process works: 200, else 503 and why), {@code GET /health/ready} (it can do its work:
 * consuming with a model loaded; {@code /health} is the same), and {@code GET /metrics} (Prometheus text).
 */
public final class HttpEndpoint implements AutoCloseable {
    /** Probes and scrapes are served by a few threads, so one slow client cannot hold the only one. */
    static final int THREADS = 4;
    /**
     * A connection whose request has not fully arrived after this long is closed: a client that opens a socket and
     * stalls (a port scanner, a broken proxy) would otherwise hold a thread until it closes, and enough of them stall
     * the probes until Kubernetes restarts a healthy worker. The JDK's server reads this setting once per process.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    static {
        System.setProperty("sun.net.httpserver.maxReqTime",
                System.getProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_TIMEOUT.toSeconds())));
        System.setProperty("sun.net.httpserver.timerMillis",
                System.getProperty("sun.net.httpserver.timerMillis", "500"));
    }

    /** What /health reports: ready or not, and a line saying why. */
    public record Health(boolean ready, String detail) {
    }

    private final HttpServer server;
    private final ExecutorService executor;

    public HttpEndpoint(String host, int port, Supplier<Health> liveness, Supplier<Health> readiness,
                        Supplier<String> metrics) {
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP " + host + ":" + port
                    + " (in use?): choose another with --http-port", e);
        }
        server.createContext("/health/live", exchange -> health(exchange, liveness));
        server.createContext("/health/ready", exchange -> health(exchange, readiness));
        server.createContext("/health", exchange -> health(exchange, readiness));
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    private static void health(HttpExchange exchange, Supplier<Health> check) throws IOException {
        Health now = check.get();
        respond(exchange, now.ready() ? 200 : 503, "text/plain; charset=utf-8", now.detail() + "\n");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
