package org.octflow.gateway.support;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Calls to the gateway's API as a client with a given key, and the few waits tests share. */
public final class Api {
    private Api() {
    }

    public static RequestSpecification asSubmitter() {
        return given().header(ApiKeysForTests.HEADER, ApiKeysForTests.SUBMITTER);
    }

    public static RequestSpecification asReader() {
        return given().header(ApiKeysForTests.HEADER, ApiKeysForTests.READER);
    }

    public static RequestSpecification asReviewer() {
        return given().header(ApiKeysForTests.HEADER, ApiKeysForTests.REVIEWER);
    }

    /** Submits {@code count} small PNGs as multipart and returns the 202 answer. */
    public static Submission submitPngs(int count) {
        return submitPngs(count, null, null);
    }

    /** As {@link #submitPngs(int)}, every scan of the exam {@code examId} and eye {@code laterality} (if not null). */
    public static Submission submitPngs(int count, String examId, String laterality) {
        RequestSpecification request = asSubmitter().contentType("multipart/form-data");
        if (examId != null) {
            request = request.multiPart("examId", examId).multiPart("laterality", laterality);
        }
        for (int i = 0; i < count; i++) {
            request = request.multiPart("scan", "scan-" + i + ".png", TestImages.png(64, 48), "image/png");
        }
        JsonPath body = request.post("/api/v1/scans").then().statusCode(202).extract().jsonPath();
        return new Submission(body.getString("batchId"), body.getList("scanIds", String.class));
    }

    /** The batch as JSON once no scan of it is PENDING. */
    public static JsonPath awaitBatchComplete(String batchId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(
                () -> asReader().get("/api/v1/batches/" + batchId).then().statusCode(200).extract().jsonPath(),
                batch -> batch.getBoolean("complete"));
    }

    public record Submission(String batchId, List<String> scanIds) {
    }
}
