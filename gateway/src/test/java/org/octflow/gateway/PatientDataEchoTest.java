package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.LogCapture;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image bytes and metadata are patient data: whatever is wrong with a request, no error body, header or log line
 * may repeat them. Each request here carries a marker in every field a client controls, and is wrong in a
 * different way.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class PatientDataEchoTest {
    private static final String MARKER = "jane-doe-1957-03-02-mrn-4711";
    /** A PNG whose bytes end in the marker, so its base64 is unique to this test. */
    private static final String IMAGE_BASE64 = Base64.getEncoder().encodeToString(withMarker(TestImages.png(64, 48)));

    private final List<Response> responses = new ArrayList<>();
    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void refusalsOfJsonSubmissionsNeverRepeatTheImageOrMetadata() {
        json("{\"scans\":[\"" + IMAGE_BASE64 + "\"]}");
        json("{\"scans\":[{\"image\":\"" + IMAGE_BASE64 + "\",\"metadata\":\"" + MARKER + "\"}]}");
        json("{\"scans\":[{\"image\":12345,\"contentType\":\"" + MARKER + "\",\"metadata\":{\"" + MARKER + "\":\""
                + MARKER + "\"}}]}");
        json("{\"scans\":[{\"image\":\"" + MARKER + "@@@\"}]}");
        json("{\"scans\":[{\"image\":\"" + IMAGE_BASE64 + "\",\"contentType\":\"" + MARKER + "\"}]}");
        json("{\"scans\":[{\"image\":\"" + IMAGE_BASE64 + "\",\"metadata\":{\"" + MARKER + "\":null}}]}");
        json("{\"scans\":[{\"image\":\"" + IMAGE_BASE64 + "\",\"metadata\":{\"a\":{\"" + MARKER + "\":1}}}]}");
        json("{\"scans\":[{\"image\":\"" + IMAGE_BASE64.substring(0, 200) + "\",\"metadata\":{\"site\":\"" + MARKER
                + "\"}}]}");
        json("{\"scans\":[{\"image\":\"" + MARKER);
        responses.add(Api.asSubmitter().contentType("application/json").queryParam("wait", MARKER)
                .body("{\"scans\":[{\"image\":\"" + IMAGE_BASE64 + "\"}]}").post("/api/v1/scans"));

        assertEveryAnswerIsARefusalThatRepeatsNothing();
    }

    @Test
    void refusalsOfMultipartSubmissionsNeverRepeatFileNamesTypesOrBytes() {
        byte[] broken = withMarker(TestImages.brokenPng());
        responses.add(Api.asSubmitter().multiPart(MARKER, MARKER + ".png", broken, "image/png")
                .post("/api/v1/scans"));
        responses.add(Api.asSubmitter().multiPart("scan", MARKER + ".png", withMarker(TestImages.png(8, 8)),
                "image/" + MARKER).post("/api/v1/scans"));
        responses.add(Api.asSubmitter().multiPart("scan", MARKER + ".tif", MARKER.getBytes(StandardCharsets.UTF_8),
                "application/octet-stream").post("/api/v1/scans"));
        responses.add(given().header("X-API-Key", MARKER).multiPart("scan", MARKER + ".png",
                TestImages.png(8, 8), "image/png").post("/api/v1/scans"));

        assertEveryAnswerIsARefusalThatRepeatsNothing();
    }

    private void json(String body) {
        responses.add(Api.asSubmitter().contentType("application/json").body(body).post("/api/v1/scans"));
    }

    private void assertEveryAnswerIsARefusalThatRepeatsNothing() {
        for (Response response : responses) {
            String body = response.asString();
            assertThat(response.statusCode()).as("a refusal: %s", body).isBetween(400, 499);
            assertThat(response.contentType()).startsWith("application/json");
            assertThat(body).as("status %d", response.statusCode()).doesNotContain(MARKER)
                    .doesNotContain(IMAGE_BASE64.substring(IMAGE_BASE64.length() - 40));
            response.headers().forEach(header -> assertThat(header.getValue()).doesNotContain(MARKER));
        }
        assertThat(logs.lines()).noneMatch(line -> line.contains(MARKER)
                || line.contains(IMAGE_BASE64.substring(IMAGE_BASE64.length() - 40)));
    }

    private static byte[] withMarker(byte[] image) {
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[image.length + marker.length];
        System.arraycopy(image, 0, out, 0, image.length);
        System.arraycopy(marker, 0, out, image.length, marker.length);
        return out;
    }
}
