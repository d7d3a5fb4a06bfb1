package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/** Submitters submit and read, readers only read, everyone else only sees health, metrics, API docs and the page. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ApiKeyTest {

    @Test
    void refusesARequestWithoutKey() {
        given().get("/api/v1/predictions").then().statusCode(401)
                .header("WWW-Authenticate", containsString("X-API-Key"))
                .body("message", containsString("missing X-API-Key"));
    }

    @Test
    void refusesAnUnknownKey() {
        given().header("X-API-Key", "guessed").get("/api/v1/models").then().statusCode(401)
                .body("message", containsString("not a configured key"));
    }

    @Test
    void aReaderCannotSubmit() {
        Api.asReader().multiPart("scan", "a.png", TestImages.png(8, 8), "image/png").post("/api/v1/scans")
                .then().statusCode(403).body("message", containsString("submitter role"));
    }

    @Test
    void aReaderAndASubmitterCanRead() {
        Api.asReader().get("/api/v1/stats/labels").then().statusCode(200);
        Api.asSubmitter().get("/api/v1/stats/labels").then().statusCode(200);
    }

    @Test
    void healthIsOpenAndReadinessChecksTheDatabaseNotKafka() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("prediction-consumer"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("prediction-storage", "database"))
                .body("checks.name", not(hasItems("kafka")));
        given().get("/q/health/group/kafka").then().statusCode(200).body("checks.name", hasItems("kafka"));
    }

    @Test
    void metricsAndApiDocsAreOpen() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("octflow_gateway_scans_submitted"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/scans"))
                .body(containsString("name: X-API-Key"));
    }
}
