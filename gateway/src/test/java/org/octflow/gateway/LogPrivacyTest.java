package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.LogCapture;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scans are patient data: neither their metadata nor their file names may reach a log line, at any level. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class LogPrivacyTest {
    private static final String SECRET_METADATA = "patient-4711-jane-doe";
    private static final String SECRET_FILE_NAME = "jane-doe-left-eye.png";

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    private LogCapture logs;

    @BeforeEach
    void captureEveryLogRecord() {
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    @Test
    void neverLogsScanMetadataOrFileNames() {
        String png = Base64.getEncoder().encodeToString(TestImages.png(16, 16));
        String batchId = Api.asSubmitter().contentType("application/json")
                .body(Map.of("scans", List.of(Map.of("image", png, "metadata", Map.of("patient", SECRET_METADATA)))))
                .post("/api/v1/scans").then().statusCode(202).extract().path("batchId");
        TestWorker worker = new TestWorker(bootstrapServers);
        worker.publish(TestWorker.predict(worker.awaitScanBatch(batchId, Duration.ofSeconds(20)), "NORMAL", 0.9));
        Api.awaitBatchComplete(batchId);
        Api.asSubmitter().multiPart("scan", SECRET_FILE_NAME, TestImages.brokenPng(), "image/png")
                .post("/api/v1/scans").then().statusCode(400);

        assertThat(logs.lines()).as("log lines written meanwhile").isNotEmpty()
                .noneMatch(line -> line.contains(SECRET_METADATA) || line.contains(SECRET_FILE_NAME) || line.contains(png));
    }
}
