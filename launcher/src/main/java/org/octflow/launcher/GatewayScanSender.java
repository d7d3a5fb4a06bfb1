package org.octflow.launcher;

import me.tongfei.progressbar.ProgressBar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.octflow.contracts.records.RecordLimits;
import org.octflow.contracts.v1.ImageEncoding;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Submits scans through the gateway's API (JSON with base64 images), as a hospital system without Kafka access would.
 * Raw grey scans are sent as PNG, which is lossless, since the API takes PNG and JPEG.
 */
final class GatewayScanSender {
    /** Under the gateway's default octflow.upload.max-scans (32). */
    private static final int MAX_SCANS_PER_REQUEST = 8;
    /**
     * A submission becomes one ScanBatch, which the gateway refuses above {@link RecordLimits#MAX_SCAN_BATCH_BYTES}:
     * the images get that less room for the batch's own fields and each scan's id, size and metadata.
     */
    private static final long MAX_BYTES_PER_REQUEST = RecordLimits.MAX_SCAN_BATCH_BYTES - 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETRY_FOR = Duration.ofMinutes(10);

    /** The gateway could not take the submission now; nothing was stored. */
    private static final class Unavailable extends Exception {
        private final long retryAfterMillis;

        Unavailable(String message, long retryAfterMillis) {
            super(message);
            this.retryAfterMillis = retryAfterMillis;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String submitterKey;
    private int uncertain;

    GatewayScanSender(String baseUrl, String submitterKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.submitterKey = submitterKey;
    }

    List<SentScan> send(List<OutgoingScan> scans, PrintStream out) throws IOException, InterruptedException {
        List<SentScan> sent = new ArrayList<>();
        try (ProgressBar progress = ScanProgress.start(out, "send", scans.size())) {
            List<OutgoingScan> chunk = new ArrayList<>();
            long chunkBytes = 0;
            for (OutgoingScan scan : scans) {
                byte[] image = asPngOrJpeg(scan);
                if (!chunk.isEmpty() && (chunk.size() == MAX_SCANS_PER_REQUEST || chunkBytes + image.length > MAX_BYTES_PER_REQUEST)) {
                    sent.addAll(post(chunk));
                    progress.stepTo(sent.size());
                    chunk.clear();
                    chunkBytes = 0;
                }
                chunk.add(new OutgoingScan(scan.name(), image, scan.encoding(), scan.width(), scan.height(), scan.trueLabel(),
                        scan.examId()));
                chunkBytes += image.length;
            }
            if (!chunk.isEmpty()) {
                sent.addAll(post(chunk));
                progress.stepTo(sent.size());
            }
        }
        return sent;
    }

    /**
     * Posts one submission, retrying while the gateway cannot take it (503 with Retry-After, or not listening: a
     * restart), for up to {@link #RETRY_FOR}. A request that may have been taken (a read timeout) is not retried.
     */
    private List<SentScan> post(List<OutgoingScan> chunk) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            try {
                return postOnce(chunk);
            } catch (Unavailable e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the gateway stayed unavailable for " + RETRY_FOR.toMinutes() + " min: "
                            + e.getMessage());
                }
                Thread.sleep(e.retryAfterMillis);
            }
        }
    }

    private List<SentScan> postOnce(List<OutgoingScan> chunk) throws IOException, InterruptedException, Unavailable {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode entries = body.putArray("scans");
        for (OutgoingScan scan : chunk) {
            ObjectNode entry = entries.addObject().put("image", Base64.getEncoder().encodeToString(scan.image()));
            entry.putObject("metadata").put("source", "octflow-send");
            if (!scan.examId().isEmpty()) {
                entry.put("examId", scan.examId());
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/scans"))
                            .header("X-API-Key", submitterKey).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new Unavailable("not listening", 1_000);
        } catch (IOException e) {
            // The connection broke mid-request (the gateway died): it may or may not have stored the submission,
            // and sending it again could store it twice. Counted apart, not retried.
            uncertain += chunk.size();
            return List.of();
        }
        if (response.statusCode() == 503 || response.statusCode() == 429) {
            long seconds = response.headers().firstValueAsLong("Retry-After").orElse(2);
            throw new Unavailable(response.statusCode() + " " + response.body(), seconds * 1000);
        }
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw new IOException("the gateway refused " + chunk.get(0).name() + " and " + (chunk.size() - 1)
                    + " more: " + response.statusCode() + " " + response.body());
        }
        JsonNode answer = JSON.readTree(response.body());
        String batchId = answer.path("batchId").asText();
        long now = System.currentTimeMillis();
        List<SentScan> sent = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            sent.add(new SentScan(answer.path("scanIds").path(i).asText(), batchId, chunk.get(i).name(), now,
                    chunk.get(i).trueLabel()));
        }
        return sent;
    }

    /** Scans whose request broke off without an answer: the gateway may have taken them or not. */
    int uncertain() {
        return uncertain;
    }

    private static byte[] asPngOrJpeg(OutgoingScan scan) throws IOException {
        if (scan.encoding() != ImageEncoding.RAW_GREY8) {
            return scan.image();
        }
        BufferedImage image = new BufferedImage(scan.width(), scan.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, scan.width(), scan.height(), scan.image());
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
