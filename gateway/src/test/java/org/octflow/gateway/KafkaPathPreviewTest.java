package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Scan;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.ImagingSystem;
import org.octflow.gateway.support.LogCapture;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TestWorker;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Scans an imaging system sends straight to Kafka get the preview an upload gets, from the gateway's observer of the
 * scans topic: served to reader and reviewer keys only; a damaged image is counted and skipped, never stopping it.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class KafkaPathPreviewTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry registry;

    @Test
    void aScanSentStraightToKafkaHasAPreviewForReadersAndReviewersButNotSubmitters() throws IOException {
        Scan scan = ImagingSystem.png(TestImages.png(1024, 496), Map.of("site", "eye-clinic-north"));
        new TestWorker(bootstrapServers).publishScanBatch(ImagingSystem.batch(scan));
        String path = "/api/v1/scans/" + scan.getScanId() + "/preview";

        byte[] jpeg = awaitPreview(scan.getScanId());

        assertThat(size(jpeg)).isEqualTo(new int[]{512, 248});
        Api.asReviewer().get(path).then().statusCode(200).contentType("image/jpeg");
        Api.asSubmitter().get(path).then().statusCode(403)
                .body("message", equalTo("this API key has the submitter role; seeing a scan's image needs a key"
                        + " with the reader role"));
        given().get(path).then().statusCode(401);
    }

    @Test
    void jpegAndRawGreyScansGetPreviewsToo() throws IOException {
        Scan jpeg = ImagingSystem.scan(TestImages.jpeg(300, 200), ImageEncoding.JPEG, 0, 0, Map.of(), "");
        Scan raw = ImagingSystem.scan(new byte[1024 * 64], ImageEncoding.RAW_GREY8, 1024, 64, Map.of(), "");
        new TestWorker(bootstrapServers).publishScanBatch(ImagingSystem.batch(jpeg, raw));

        assertThat(size(awaitPreview(jpeg.getScanId()))).isEqualTo(new int[]{300, 200});
        assertThat(size(awaitPreview(raw.getScanId()))).isEqualTo(new int[]{512, 32});
    }

    @Test
    void aDamagedImageIsCountedAndLoggedWithoutItsDataAndTheNextRecordStillGetsItsPreview() {
        TestWorker worker = new TestWorker(bootstrapServers);
        double before = undecodable();
        String secret = "patient-0815-" + UUID.randomUUID();
        Scan damaged = ImagingSystem.png(TestImages.brokenPng(), Map.of("patient", secret));
        Scan next = ImagingSystem.png(TestImages.png(64, 48), Map.of());
        // One key: both land on one partition, the damaged one first.
        String batchId = "device-batch-" + UUID.randomUUID();
        try (LogCapture logs = LogCapture.start()) {
            worker.publishScanBatch(ImagingSystem.batch(batchId, damaged));
            worker.publishScanBatch(ImagingSystem.batch(batchId, next));

            awaitPreview(next.getScanId());

            assertThat(undecodable()).isGreaterThanOrEqualTo(before + 1);
            assertThat(logs.lines()).anyMatch(line -> line.contains("no preview of") && line.contains("scan 1 of 1"))
                    .noneMatch(line -> line.contains(secret) || line.contains(damaged.getScanId()));
        }
        Api.asReader().get("/api/v1/scans/" + damaged.getScanId() + "/preview").then().statusCode(404);
    }

    @Test
    void aRecordReusingAnUploadsScanIdLeavesTheUploadsPreviewAlone() {
        TestWorker worker = new TestWorker(bootstrapServers);
        String uploaded = Api.submitPngs(1).scanIds().get(0);
        byte[] original = Api.asReader().get("/api/v1/scans/" + uploaded + "/preview").then().statusCode(200)
                .extract().asByteArray();
        Scan reuse = ImagingSystem.png(TestImages.png(300, 30), Map.of("site", "elsewhere")).toBuilder()
                .setScanId(uploaded).build();
        Scan sentinel = ImagingSystem.png(TestImages.png(16, 16), Map.of());
        String batchId = "device-batch-" + UUID.randomUUID();
        worker.publishScanBatch(ImagingSystem.batch(batchId, reuse));
        worker.publishScanBatch(ImagingSystem.batch(batchId, sentinel));

        awaitPreview(sentinel.getScanId());

        assertThat(Api.asReader().get("/api/v1/scans/" + uploaded + "/preview").then().statusCode(200)
                .extract().asByteArray()).isEqualTo(original);
        assertThat(org.octflow.gateway.support.Rows.count(dataSource,
                "SELECT count(*) FROM scan_site_device WHERE scan_id = ?", uploaded)).isZero();
    }

    private double undecodable() {
        return registry.get("octflow.gateway.previews.undecodable").counter().count();
    }

    private static byte[] awaitPreview(String scanId) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(
                () -> Api.asReader().get("/api/v1/scans/" + scanId + "/preview").then().extract().response(),
                response -> response.statusCode() == 200).asByteArray();
    }

    private static int[] size(byte[] jpeg) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        return new int[]{image.getWidth(), image.getHeight()};
    }
}
