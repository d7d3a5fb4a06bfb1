package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;

import static org.hamcrest.Matchers.containsString;

/** Progressive JPEGs are decoded whole in memory, so the gateway takes them only up to 4 Mpx (2048x2048). */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ProgressiveJpegUploadTest {

    @Test
    void refusesAProgressiveJpegAboveItsCapBeforeDecodingIt() {
        Api.asSubmitter().multiPart("scan", "big.jpg", TestImages.progressiveJpeg(4096, 4096), "image/jpeg")
                .post("/api/v1/scans").then().statusCode(400)
                .body("message", containsString("image 1 of 1 is a progressive JPEG of 4096x4096"))
                .body("message", containsString("send it as PNG or baseline JPEG"));
    }

    @Test
    void acceptsAProgressiveJpegOfAnOctBScansSize() {
        Api.asSubmitter().multiPart("scan", "b.jpg", TestImages.progressiveJpeg(1024, 496), "image/jpeg")
                .post("/api/v1/scans").then().statusCode(202);
    }
}
