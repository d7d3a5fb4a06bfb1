package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestImages;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.equalTo;

/** Every refusal answers the right 4xx with a message saying what to send, and stores nothing at all. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class RejectedUploadTest {
    @Inject
    AgroalDataSource dataSource;

    private Rows before;

    @BeforeEach
    void countRows() {
        before = Rows.count(dataSource);
    }

    @AfterEach
    void nothingWasStored() {
        assertThat(Rows.count(dataSource)).as("rows after a refused submission").isEqualTo(before);
    }

    @Test
    void rejectsOversizedUpload() {
        byte[] big = new byte[1_048_577];
        System.arraycopy(TestImages.png(8, 8), 0, big, 0, 8);
        multipart().multiPart("scan", "huge.png", big, "image/png").post("/api/v1/scans")
                .then().statusCode(413).body("message", containsString("the limit is 1048576 bytes per image"));
    }

    @Test
    void rejectsASubmissionWhoseImagesTogetherExceedTheBatchLimit() {
        byte[] half = new byte[600_000];
        System.arraycopy(TestImages.png(8, 8), 0, half, 0, 8);
        multipart().multiPart("scan", "a.png", half, "image/png").multiPart("scan", "b.png", half, "image/png")
                .post("/api/v1/scans")
                .then().statusCode(413).body("message", containsString("split it into several requests"));
    }

    @Test
    void rejectsMoreScansThanOneSubmissionHolds() {
        RequestSpecification request = multipart();
        byte[] png = TestImages.png(4, 4);
        for (int i = 0; i < 33; i++) {
            request = request.multiPart("scan", i + ".png", png, "image/png");
        }
        request.post("/api/v1/scans").then().statusCode(413).body("message", containsString("at most 32"));
    }

    @Test
    void rejectsAGifAsUnsupportedMediaType() {
        multipart().multiPart("scan", "scan.gif", "GIF89a....".getBytes(), "image/gif").post("/api/v1/scans")
                .then().statusCode(415).body("message", containsString("declared as another type"))
                .body("message", containsString("accepts image/png and image/jpeg"));
    }

    @Test
    void rejectsBytesThatAreNeitherPngNorJpeg() {
        multipart().multiPart("scan", "notes.bin", "hello".getBytes(), "application/octet-stream")
                .post("/api/v1/scans")
                .then().statusCode(415).body("message", containsString("neither PNG nor JPEG"));
    }

    @Test
    void rejectsABodyThatIsNeitherMultipartNorJson() {
        Api.asSubmitter().contentType("text/plain").body("scan please").post("/api/v1/scans")
                .then().statusCode(415).body("message", containsString("multipart/form-data"));
    }

    @Test
    void rejectsAnImageThatDoesNotDecode() {
        multipart().multiPart("scan", "broken.png", TestImages.brokenPng(), "image/png").post("/api/v1/scans")
                .then().statusCode(400).body("message", containsString("UNDECODABLE_IMAGE"))
                .body("message", containsString("image 1 of 1"))
                .body("message", not(containsString("broken.png")));
    }

    @Test
    void rejectsTheWholeSubmissionWhenOneImageAmongGoodOnesIsBad() {
        multipart()
                .multiPart("scan", "good-1.png", TestImages.png(8, 8), "image/png")
                .multiPart("scan", "bad.png", TestImages.brokenPng(), "image/png")
                .multiPart("scan", "good-2.png", TestImages.png(8, 8), "image/png")
                .post("/api/v1/scans")
                .then().statusCode(400).body("message", containsString("image 2 of 3"));
    }

    @Test
    void rejectsAnEmptySubmission() {
        json(Map.of("scans", List.of())).post("/api/v1/scans")
                .then().statusCode(400).body("status", equalTo(400)).body("message", containsString("no images"));
    }

    @Test
    void rejectsAnEmptyImage() {
        json(Map.of("scans", List.of(Map.of("image", "")))).post("/api/v1/scans")
                .then().statusCode(400).body("message", containsString("empty"));
    }

    @Test
    void rejectsJsonThatIsNotASubmission() {
        Api.asSubmitter().contentType("application/json").body("{\"scans\": \"all of them\"}").post("/api/v1/scans")
                .then().statusCode(400).body("message", containsString("not a JSON submission"));
        Api.asSubmitter().contentType("application/json").body("{\"scans\": [").post("/api/v1/scans")
                .then().statusCode(400).body("message", containsString("not a JSON submission"));
    }

    @Test
    void rejectsInvalidBase64() {
        json(Map.of("scans", List.of(Map.of("image", "not base64 at all!")))).post("/api/v1/scans")
                .then().statusCode(400).body("message", containsString("not valid base64"));
    }

    @Test
    void rejectsAWaitThatIsNotADuration() {
        String png = Base64.getEncoder().encodeToString(TestImages.png(8, 8));
        json(Map.of("scans", List.of(Map.of("image", png)))).queryParam("wait", "5 seconds").post("/api/v1/scans")
                .then().statusCode(400).body("message", containsString("PT5S"));
    }

    private static RequestSpecification multipart() {
        return Api.asSubmitter().contentType("multipart/form-data");
    }

    private static RequestSpecification json(Object body) {
        return Api.asSubmitter().contentType("application/json").body(body);
    }
}
