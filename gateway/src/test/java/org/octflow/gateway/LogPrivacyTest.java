package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Scans are patient data: neither their metadata nor their file names may reach a log line, at any level. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class LogPrivacyTest {
    private static final String SECRET_METADATA = "patient-4711-jane-doe";
    private static final String SECRET_FILE_NAME = "jane-doe-left-eye.png";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters())
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureEveryLogRecord() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
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

        assertThat(lines).as("log lines written meanwhile").isNotEmpty()
                .noneMatch(line -> line.contains(SECRET_METADATA) || line.contains(SECRET_FILE_NAME) || line.contains(png));
    }
}
