package org.octflow.launcher;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The export's folder layout and CSV, against a stand-in serving the gateway's JSON shapes (the endpoints themselves
 * are specified by the gateway's ReviewTest and PreviewTest against a real gateway).
 */
class ReviewExportTest {
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, 1, 2, 3, (byte) 0xff, (byte) 0xd9};

    @TempDir
    Path dir;
    private HttpServer gateway;

    @BeforeEach
    void gatewayWithTwoReviewsOneWithoutPreview() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/api/v1/reviews", exchange -> answer(exchange, 200, """
                {"items": [
                  {"scanId": "s-1", "finalLabel": "DME", "modelLabel": "CNV", "modelName": "octmnist-cnn",
                   "modelVersion": "1", "spotCheck": false, "reviewerKey": "ab12cd34", "reviewerName": "Dr A, B",
                   "reviewedAt": "2026-12-05T10:00:00Z"},
                  {"scanId": "s-2", "finalLabel": "NORMAL", "modelLabel": "NORMAL", "modelName": "octmnist-cnn",
                   "modelVersion": "1", "spotCheck": true, "reviewerKey": "ab12cd34", "reviewedAt": "2026-12-05T10:01:00Z"}],
                 "page": 0, "size": 200, "totalItems": 2, "totalPages": 1}""".getBytes(StandardCharsets.UTF_8)));
        gateway.createContext("/api/v1/scans/s-1/preview", exchange -> answer(exchange, 200, JPEG));
        gateway.createContext("/api/v1/scans/s-2/preview", exchange -> answer(exchange, 404, new byte[0]));
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    @Test
    void writesEachReviewedScanUnderItsFinalLabelWithACsvLine() throws Exception {
        ReviewExport.Result result = new ReviewExport(url(), "key").exportTo(dir);

        assertThat(result).isEqualTo(new ReviewExport.Result(1, 1, List.of("DME")));
        assertThat(Files.readAllBytes(dir.resolve("DME/s-1.jpg"))).isEqualTo(JPEG);
        assertThat(Files.readAllLines(dir.resolve("reviews.csv"))).containsExactly(ReviewExport.CSV_HEADER,
                "s-1,DME/s-1.jpg,DME,CNV,octmnist-cnn,1,false,ab12cd34,\"Dr A, B\",2026-12-05T10:00:00Z");
    }

    @Test
    void aLabelThatIsNoSafeFileNameIsRefused() {
        gateway.removeContext("/api/v1/reviews");
        gateway.createContext("/api/v1/reviews", exchange -> answer(exchange, 200, """
                {"items": [{"scanId": "s-1", "finalLabel": "../../etc"}], "totalPages": 1}"""
                .getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> new ReviewExport(url(), "key").exportTo(dir)).hasMessageContaining("not a safe");
    }

    private String url() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body)
            throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
