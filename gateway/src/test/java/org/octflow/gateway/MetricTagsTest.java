package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.OctflowStack;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths a client makes up never become metric tags: Micrometer records at most 100 URIs, so each made-up one would
 * push out a real one. Unmatched and refused requests share one fixed tag.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class MetricTagsTest {

    @Test
    void madeUpPathsOfRefusedRequestsShareOneTag() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "made-up-" + UUID.randomUUID();
            ids.add(id);
            given().delete("/api/v1/scans/" + id).then().statusCode(405);
            given().get("/api/v1/no-such-" + id).then().statusCode(404);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(ids).allSatisfy(id -> assertThat(metrics).doesNotContain(id));
        assertThat(metrics).contains("uri=\"UNKNOWN\"").contains("uri=\"NOT_FOUND\"");
    }
}
