package org.octflow.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the two gateway endpoints export-reviewed reads, in the gateway's JSON shapes: one page of reviews, and each
 * scan's preview (404 for a scan without one). The endpoints themselves are specified by the gateway's ReviewTest and
 * PreviewTest against a real gateway.
 */
final class StandInGateway implements AutoCloseable {
    private final HttpServer server;

    /**
     * @param reviewsPage the body of {@code GET /api/v1/reviews}
     * @param previews    preview bytes by scan id; a scan not in it has no preview
     */
    StandInGateway(String reviewsPage, Map<String, byte[]> previews) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/reviews", exchange ->
                answer(exchange, 200, reviewsPage.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/api/v1/scans/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            byte[] preview = parts.length == 6 && parts[5].equals("preview") ? previews.get(parts[4]) : null;
            answer(exchange, preview == null ? 404 : 200, preview == null ? new byte[0] : preview);
        });
        server.start();
    }

    /** One review as the gateway lists it, reviewed by "ab12cd34" on 2026-12-05. */
    static String review(String scanId, String finalLabel, String modelLabel) {
        return """
                {"scanId": "%s", "finalLabel": "%s", "modelLabel": "%s", "modelName": "octmnist-cnn",
                 "modelVersion": "1", "spotCheck": false, "reviewerKey": "ab12cd34",
                 "reviewedAt": "2026-12-05T10:00:00Z"}""".formatted(scanId, finalLabel, modelLabel);
    }

    /** A single page holding these reviews. */
    static String page(java.util.List<String> reviews) {
        return "{\"items\": [" + String.join(",", reviews) + "], \"page\": 0, \"size\": 200, \"totalItems\": "
                + reviews.size() + ", \"totalPages\": 1}";
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
