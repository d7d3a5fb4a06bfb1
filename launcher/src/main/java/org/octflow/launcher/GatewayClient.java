package org.octflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** The few gateway queries the launcher needs, as a reader. */
final class GatewayClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String readerKey;

    GatewayClient(String baseUrl, String readerKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.readerKey = readerKey;
    }

    /** Predictions stored in the database with predicted-at at or after {@code from}. */
    long predictionsSince(Instant from) throws IOException, InterruptedException {
        String url = baseUrl + "/api/v1/predictions?size=1&from=" + URLEncoder.encode(from.toString(),
                StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", readerKey).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode page = JSON.readTree(response.body());
        return page.path("totalItems").asLong();
    }

    /** Waits until the gateway has stored {@code expected} predictions since {@code from}, or the timeout passes. */
    long awaitStored(Instant from, long expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long stored = predictionsSince(from);
        while (stored < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            stored = predictionsSince(from);
        }
        return stored;
    }
}
