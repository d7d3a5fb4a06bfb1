package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** Only reviewers review; reviewers, readers and submitters read the queue, the trail and the agreement. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ReviewRolesTest {
    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    private String scanId;

    @BeforeEach
    void aScanSentToReview() {
        Api.Submission submission = Api.submitPngs(1);
        TestWorker worker = new TestWorker(bootstrapServers);
        ScanBatch batch = worker.awaitScanBatch(submission.batchId(), Duration.ofSeconds(20));
        worker.publish(TestWorker.decided(TestWorker.predict(batch, "CNV", 0.5), Decision.REVIEW));
        Api.awaitBatchComplete(batch.getBatchId());
        scanId = submission.scanIds().get(0);
    }

    @Test
    void withoutAKeyNothingAnswers() {
        for (String path : readPaths()) {
            given().get(path).then().statusCode(401);
        }
        post(given()).then().statusCode(401);
    }

    @Test
    void readersAndSubmittersReadButCannotReview() {
        for (Supplier<RequestSpecification> role : List.<Supplier<RequestSpecification>>of(Api::asReader,
                Api::asSubmitter)) {
            for (String path : readPaths()) {
                role.get().get(path).then().statusCode(200);
            }
            post(role.get()).then().statusCode(403).body("message", containsString("needs a key with the reviewer"
                    + " role"));
        }
    }

    @Test
    void aReviewerReadsAndReviewsButCannotSubmitScans() {
        for (String path : readPaths()) {
            Api.asReviewer().get(path).then().statusCode(200);
        }
        post(Api.asReviewer()).then().statusCode(201);
        Api.asReviewer().multiPart("scan", "a.png", TestImages.png(8, 8), "image/png").post("/api/v1/scans")
                .then().statusCode(403).body("message", containsString("submitter role"));
    }

    private List<String> readPaths() {
        return List.of("/api/v1/reviews/queue", "/api/v1/reviews/agreement", "/api/v1/reviews",
                "/api/v1/scans/" + scanId + "/reviews");
    }

    private io.restassured.response.Response post(RequestSpecification request) {
        return request.contentType("application/json").body(Map.of("label", "CNV"))
                .post("/api/v1/scans/" + scanId + "/reviews");
    }
}
