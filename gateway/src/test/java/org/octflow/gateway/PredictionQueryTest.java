package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/** Searching predictions: filters combine, pages count from 0, sort is a field with an optional '-'. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class PredictionQueryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    private String version;

    /** Three batches from a model version no other test uses, predicted one hour apart. */
    @BeforeEach
    void predictThreeBatches() {
        version = "query-" + UUID.randomUUID();
        ModelRef model = ModelRef.newBuilder(TestWorker.MODEL).setVersion(version).build();
        TestWorker worker = new TestWorker(bootstrapServers);
        String[] labels = {"CNV", "NORMAL", "CNV"};
        double[] tops = {0.95, 0.9, 0.5};
        for (int i = 0; i < 3; i++) {
            Api.Submission submission = Api.submitPngs(1);
            ScanBatch batch = worker.awaitScanBatch(submission.batchId(), Duration.ofSeconds(20));
            PredictionBatch answer = TestWorker.predict(batch, labels[i], tops[i], model, T0.plusSeconds(3600L * i));
            worker.publish(answer);
            Api.awaitBatchComplete(submission.batchId());
        }
    }

    @Test
    void filtersByModelVersionAndLabelAndSortsNewestFirst() {
        JsonPath page = search("modelVersion=" + version + "&label=CNV");
        assertThat(page.getInt("totalItems")).isEqualTo(2);
        assertThat(page.getList("items.predictedAt", String.class))
                .containsExactly("2026-01-01T02:00:00Z", "2026-01-01T00:00:00Z");
    }

    @Test
    void filtersByStatusAndTimeRange() {
        assertThat(search("modelVersion=" + version + "&status=REVIEW").getList("items.label", String.class))
                .containsExactly("CNV");
        assertThat(search("modelVersion=" + version + "&from=2026-01-01T00:30:00Z&to=2026-01-01T02:00:00Z")
                .getList("items.label", String.class)).containsExactly("NORMAL");
    }

    @Test
    void pagesAndSortsAscending() {
        JsonPath second = search("modelVersion=" + version + "&size=2&page=1&sort=predictedAt");
        assertThat(second.getInt("totalItems")).isEqualTo(3);
        assertThat(second.getInt("totalPages")).isEqualTo(2);
        assertThat(second.getList("items.predictedAt", String.class)).containsExactly("2026-01-01T02:00:00Z");
    }

    @Test
    void findsTheBatchOfAnImagingSystemThatPublishedStraightToKafka() throws InterruptedException {
        String batchId = "direct-" + UUID.randomUUID();
        ScanBatch direct = ScanBatch.newBuilder().setBatchId(batchId)
                .addScans(org.octflow.contracts.v1.Scan.newBuilder().setScanId("s-" + UUID.randomUUID())).build();
        ModelRef model = ModelRef.newBuilder(TestWorker.MODEL).setVersion(version).build();
        new TestWorker(bootstrapServers).publish(TestWorker.predict(direct, "DME", 0.8, model, T0));

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonPath page = search("batchId=" + batchId);
        while (page.getInt("totalItems") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            page = search("batchId=" + batchId);
        }
        assertThat(page.getInt("totalItems")).isEqualTo(1);
        assertThat(page.getList("items.label", String.class)).containsExactly("DME");
    }

    @Test
    void refusesAnUnknownSortFieldAndStatusWithAHint() {
        Api.asReader().get("/api/v1/predictions?sort=-image").then().statusCode(400)
                .body("message", containsString("cannot sort by '-image'"));
        Api.asReader().get("/api/v1/predictions?status=FAILED").then().statusCode(400)
                .body("message", containsString("use DONE or REVIEW"));
        Api.asReader().get("/api/v1/predictions?from=yesterday").then().statusCode(400)
                .body("message", containsString("ISO-8601 instant"));
    }

    @Test
    void reportsModelsSeenLabelCountsAndThroughput() {
        Api.asReader().get("/api/v1/models").then().statusCode(200).body("version", hasItem(version));
        JsonPath labels = Api.asReader().get("/api/v1/stats/labels").then().statusCode(200).extract().jsonPath();
        assertThat(labels.getList("labels.label", String.class)).contains("CNV", "NORMAL");
        assertThat(labels.getLong("scansByStatus.REVIEW")).isPositive();
        Api.asReader().get("/api/v1/stats/throughput?window=PT1H").then().statusCode(200)
                .body("predictionsStored", org.hamcrest.Matchers.greaterThanOrEqualTo(3))
                .body("meanInferenceMillis", org.hamcrest.Matchers.notNullValue());
    }

    private static JsonPath search(String query) {
        return Api.asReader().get("/api/v1/predictions?" + query).then().statusCode(200).extract().jsonPath();
    }
}
