package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.scan.PreviewRetention;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.TestImages;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Each uploaded scan keeps a small JPEG preview for reviewers: served only to reader and reviewer keys, deleted once
 * past retention while the scan's results stay.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class PreviewTest {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    PreviewRetention retention;

    @Test
    void aLargeScansPreviewIsAJpegWhoseLongestSideIs512() throws Exception {
        String scanId = upload(TestImages.png(1024, 496));

        byte[] jpeg = Api.asReviewer().get("/api/v1/scans/" + scanId + "/preview").then().statusCode(200)
                .contentType("image/jpeg").header("Cache-Control", containsString("no-store"))
                .extract().asByteArray();

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(image.getHeight()).isEqualTo(248);
    }

    @Test
    void readersAndReviewersSeePreviewsAndSubmittersDoNot() {
        String scanId = upload(TestImages.png(64, 48));
        String path = "/api/v1/scans/" + scanId + "/preview";

        Api.asReader().get(path).then().statusCode(200);
        Api.asReviewer().get(path).then().statusCode(200);
        Api.asSubmitter().get(path).then().statusCode(403)
                .body("message", equalTo("this API key has the submitter role; seeing a scan's image needs a key"
                        + " with the reader role"));
        given().get(path).then().statusCode(401);
    }

    @Test
    void aScanWithoutAPreviewIsNotFoundWithTheReason() {
        Api.asReader().get("/api/v1/scans/sent-straight-to-kafka/preview").then().statusCode(404)
                .body("message", containsString("the gateway has not seen its image"));
    }

    @Test
    void retentionDeletesOldPreviewsAndKeepsTheScan() throws Exception {
        String old = upload(TestImages.png(32, 32));
        String recent = upload(TestImages.png(32, 32));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement age = connection.prepareStatement(
                     "UPDATE scan_preview SET created_at = now() - interval '31 days' WHERE scan_id = ?")) {
            age.setString(1, old);
            age.executeUpdate();
        }

        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

        assertThat(Rows.count(dataSource, "SELECT count(*) FROM scan_preview WHERE scan_id = ?", old)).isZero();
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM scan_preview WHERE scan_id = ?", recent)).isOne();
        Api.asReader().get("/api/v1/scans/" + old).then().statusCode(200);
        Api.asReader().get("/api/v1/scans/" + old + "/preview").then().statusCode(404);
    }

    private static String upload(byte[] png) {
        return Api.asSubmitter().multiPart("scan", "a.png", png, "image/png").post("/api/v1/scans").then()
                .statusCode(202).extract().jsonPath().getList("scanIds", String.class).get(0);
    }
}
