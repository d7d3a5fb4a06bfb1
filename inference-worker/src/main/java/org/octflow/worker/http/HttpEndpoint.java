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

/** {@code GET /health} (200 when ready, 503 otherwise, with the reason) and {@code GET /metrics} (Prometheus text). */
public final class HttpEndpoint implements AutoCloseable {
    /** What /health reports: ready or not, and a line saying why. */
    public record Health(boolean ready, String detail) {
    }

    private final HttpServer server;

    public HttpEndpoint(int port, Supplier<Health> health, Supplier<String> metrics) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP port " + port
                    + " (in use?): choose another with --http-port", e);
        }
        server.createContext("/health", exchange -> {
            Health now = health.get();
            respond(exchange, now.ready() ? 200 : 503, "text/plain; charset=utf-8", now.detail() + "\n");
        });
        server.createContext("/metrics", exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
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
