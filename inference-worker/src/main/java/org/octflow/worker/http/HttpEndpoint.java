package org.octflow.worker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} (the process works: 200, else 503 and why), {@code GET /health/ready} (it can do its work:
 * consuming with a model loaded; {@code /health} is the same), and {@code GET /metrics} (Prometheus text).
 */
public final class HttpEndpoint implements AutoCloseable {
    /** What /health reports: ready or not, and a line saying why. */
    public record Health(boolean ready, String detail) {
    }

    private final HttpServer server;

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
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "http");
            thread.setDaemon(true);
            return thread;
        }));
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
    }
}
