package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every answer tells the browser not to sniff types or be framed; the page runs only its own script; API answers are never cached. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class SecurityHeadersTest {

    @Test
    void thePageAllowsOnlyItsOwnScriptStylesAndApiAndNoFraming() {
        common(given().get("/").then().statusCode(200))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"));
    }

    @Test
    void apiAnswersAreNeverCachedAndCarryTheHeaders() {
        common(Api.asReader().get("/api/v1/predictions").then().statusCode(200))
                .header("Cache-Control", equalTo("no-store"));
        common(given().get("/api/v1/predictions").then().statusCode(401))
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void refusalsOfTheHttpLimitsCarryTheHeadersToo() {
        common(Api.asReader().queryParam("label", "x".repeat(9000)).get("/api/v1/predictions").then()
                .statusCode(414)).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void internalPagesMayNotBeFramedEither() {
        common(given().get("/q/health/live").then().statusCode(200));
    }

    private static ValidatableResponse common(ValidatableResponse response) {
        return response.header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
    }
}
