package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(OctflowStack.class)
class ScanSubmissionTest {
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(20);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void aSubmittedScanIsPublishedPredictedStoredAndQueryable() {
        var response = Api.asSubmitter()
                .multiPart("scan", "b-scan.png", TestImages.png(64, 48), "image/png")
                .post("/api/v1/scans")
                .then().statusCode(202).extract();
        JsonPath accepted = response.jsonPath();
        String batchId = accepted.getString("batchId");
        String scanId = accepted.getList("scanIds", String.class).get(0);
        assertThat(accepted.getString("location")).isEqualTo("/api/v1/batches/" + batchId);
        assertThat(response.header("Location")).endsWith("/api/v1/batches/" + batchId);

        ScanBatch published = new TestWorker(bootstrapServers).awaitScanBatch(batchId, KAFKA_TIMEOUT);
        assertThat(published.getSource()).isEqualTo("gateway");
        assertThat(published.getScansList()).singleElement().satisfies(scan -> {
            assertThat(scan.getScanId()).isEqualTo(scanId);
            assertThat(scan.getEncoding()).isEqualTo(ImageEncoding.PNG);
            assertThat(scan.getWidth()).isEqualTo(64);
            assertThat(scan.getHeight()).isEqualTo(48);
            assertThat(scan.getImage().toByteArray()).isEqualTo(TestImages.png(64, 48));
        });

        new TestWorker(bootstrapServers).publish(TestWorker.predict(published, "DRUSEN", 0.91));

        JsonPath batch = Api.awaitBatchComplete(batchId);
        assertThat(batch.getInt("done")).isEqualTo(1);
        Api.asReader().get("/api/v1/scans/" + scanId).then().statusCode(200)
                .body("status", equalTo("DONE"))
                .body("prediction.label", equalTo("DRUSEN"))
                .body("prediction.probabilities.label", equalTo(TestWorker.LABELS))
                .body("prediction.model.version", equalTo("test-1"))
                .body("prediction.modelBatchSize", equalTo(1));
        Api.asReader().queryParam("label", "DRUSEN").queryParam("size", 200).get("/api/v1/predictions")
                .then().statusCode(200).body("items.scanId", hasItem(scanId));
        Api.asReader().get("/api/v1/stats/labels").then().statusCode(200).body("labels.label", hasItem("DRUSEN"));
        Api.asReader().get("/api/v1/models").then().statusCode(200).body("version", hasItem("test-1"));
    }

    @Test
    void acceptsJsonWithBase64ImagesAndPassesMetadataToTheWorkers() {
        var body = Map.of("scans", List.of(
                Map.of("image", Base64.getEncoder().encodeToString(TestImages.png(32, 32)),
                        "metadata", Map.of("device", "spectralis-7")),
                Map.of("image", Base64.getEncoder().encodeToString(TestImages.jpeg(40, 30)),
                        "contentType", "image/jpeg")));
        JsonPath accepted = Api.asSubmitter().contentType("application/json").body(body)
                .post("/api/v1/scans").then().statusCode(202).extract().jsonPath();

        ScanBatch published = new TestWorker(bootstrapServers)
                .awaitScanBatch(accepted.getString("batchId"), KAFKA_TIMEOUT);
        assertThat(published.getScansList()).extracting(scan -> scan.getScanId())
                .containsExactlyElementsOf(accepted.getList("scanIds", String.class));
        assertThat(published.getScans(0).getEncoding()).isEqualTo(ImageEncoding.PNG);
        assertThat(published.getScans(0).getMetadataMap()).containsEntry("device", "spectralis-7");
        assertThat(published.getScans(1).getEncoding()).isEqualTo(ImageEncoding.JPEG);
        assertThat(published.getScans(1).getWidth()).isEqualTo(40);
    }

    @Test
    void waitAnswers200WithTheBatchWhenPredictionsArriveInTime() throws Exception {
        var worker = new TestWorker(bootstrapServers)
                .answerNextBatch(batch -> TestWorker.predict(batch, "CNV", 0.97), KAFKA_TIMEOUT);

        JsonPath finished = Api.asSubmitter()
                .multiPart("scan", "a.png", TestImages.png(16, 16), "image/png")
                .multiPart("scan", "b.png", TestImages.png(20, 16), "image/png")
                .queryParam("wait", "PT15S")
                .post("/api/v1/scans")
                .then().statusCode(200).extract().jsonPath();

        assertThat(finished.getBoolean("complete")).isTrue();
        assertThat(finished.getList("scans.prediction.label", String.class)).containsExactly("CNV", "CNV");
        assertThat(worker.get().getBatchId()).isEqualTo(finished.getString("batchId"));
    }

    @Test
    void waitAnswers202WhenPredictionsAreLate() {
        long started = System.nanoTime();
        Api.asSubmitter()
                .multiPart("scan", "late.png", TestImages.png(16, 16), "image/png")
                .queryParam("wait", "PT1S")
                .post("/api/v1/scans")
                .then().statusCode(202).body("scanIds.size()", equalTo(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
}
