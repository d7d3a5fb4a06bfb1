package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.ApiKeysForTests;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;
import org.octflow.gateway.support.TightLimits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Each API key has its own token buckets: one key over its limit gets 429 + Retry-After, another key is unaffected. */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(OctflowStack.class)
class RateLimitTest {

    @Test
    void aBurstOfScansOverTheKeysLimitIsRefusedWith429AndRetryAfterWhileAnotherKeySubmits() {
        for (int i = 0; i < TightLimits.BURST; i++) {
            submitOne(TightLimits.SUBMITTER_A).then().statusCode(202);
        }

        Response refused = submitOne(TightLimits.SUBMITTER_A);

        refused.then().statusCode(429).body("status", org.hamcrest.Matchers.is(429))
                .body("message", containsString("may submit 0.05 scans per second, in bursts of up to 3"))
                .body("message", containsString("retry after"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
        submitOne(TightLimits.SUBMITTER_B).then().statusCode(202);
    }

    @Test
    void aSubmissionCostsOneTokenPerScan() {
        // Two scans leave one token of three; the next two-scan submission passes the door (one) but not the rest.
        Response first = given().header(ApiKeysForTests.HEADER, TightLimits.SUBMITTER_C)
                .multiPart("scan", "a.png", TestImages.png(64, 48), "image/png")
                .multiPart("scan", "b.png", TestImages.png(64, 48), "image/png")
                .post("/api/v1/scans");
        first.then().statusCode(202);

        Response second = given().header(ApiKeysForTests.HEADER, TightLimits.SUBMITTER_C)
                .multiPart("scan", "c.png", TestImages.png(64, 48), "image/png")
                .multiPart("scan", "d.png", TestImages.png(64, 48), "image/png")
                .post("/api/v1/scans");

        second.then().statusCode(429).body("message", containsString("this request needs 1"));
    }

    @Test
    void readsOverTheKeysLimitAreRefusedWith429WhileAnotherKeyReads() {
        for (int i = 0; i < TightLimits.BURST; i++) {
            read(TightLimits.READER_A).then().statusCode(200);
        }

        Response refused = read(TightLimits.READER_A);

        refused.then().statusCode(429)
                .body("message", containsString("may make 0.05 read requests per second, in bursts of up to 3"));
        assertThat(refused.header("Retry-After")).isNotBlank();
        read(TightLimits.READER_B).then().statusCode(200);
    }

    private static Response submitOne(String key) {
        return given().header(ApiKeysForTests.HEADER, key)
                .multiPart("scan", "a.png", TestImages.png(64, 48), "image/png").post("/api/v1/scans");
    }

    private static Response read(String key) {
        return given().header(ApiKeysForTests.HEADER, key).get("/api/v1/stats/labels");
    }
}
