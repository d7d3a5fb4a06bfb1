package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.api.RequestLimits;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Requests over the gateway's HTTP limits get a JSON answer that says the limit and what to do, never an empty one. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class HttpLimitsTest {

    @Test
    void aTooLongRequestLineGets414WithTheLimit() {
        Api.asReader().queryParam("label", "x".repeat(RequestLimits.MAX_REQUEST_LINE)).get("/api/v1/predictions")
                .then().statusCode(414).contentType("application/json").body("status", equalTo(414))
                .body("message", containsString("at most " + RequestLimits.MAX_REQUEST_LINE));
    }

    @Test
    void tooManyHeaderBytesGet431WithTheLimit() {
        Api.asReader().header("X-Padding", "y".repeat(RequestLimits.MAX_HEADER_BYTES)).get("/api/v1/predictions")
                .then().statusCode(431).contentType("application/json")
                .body("message", containsString("at most " + RequestLimits.MAX_HEADER_BYTES));
    }

    @Test
    void aTooLargeBodyGets413WithTheLimit() {
        Api.asSubmitter().contentType("application/json").body(new byte[(int) RequestLimits.MAX_BODY_BYTES + 1])
                .post("/api/v1/scans")
                .then().statusCode(413).contentType("application/json")
                .body("message", containsString("at most " + RequestLimits.MAX_BODY_BYTES + " bytes"));
    }

    @Test
    void anUnknownPathGetsAJson404() {
        Api.asReader().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/json")
                .body("message", containsString("/q/openapi"));
    }
}
