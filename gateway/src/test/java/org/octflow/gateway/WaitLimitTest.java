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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ?wait=} holds a worker thread, so the gateway holds at most {@code octflow.max-concurrent-waits} (1 here).
 * A submission past it is still accepted, answered 202 at once with a note, never refused: it is already stored.
 * No worker runs in this test, so a held wait lasts its whole time.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
@WithTestResource(OctflowStack.class)
class WaitLimitTest {

    @Test
    void aWaitPastTheLimitIsAnsweredAt202AtOnceWithANote() throws Exception {
        CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> submitWaiting("PT4S"));
        Thread.sleep(1_000);

        long start = System.nanoTime();
        Response notHeld = submitWaiting("PT4S");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        notHeld.then().statusCode(202);
        assertThat(notHeld.jsonPath().getString("note")).contains("the wait was not held")
                .contains("1 waits, its limit");
        assertThat(notHeld.jsonPath().getString("batchId")).isNotBlank();
        assertThat(tookMillis).as("answered without waiting").isLessThan(2_000);
        Response first = held.get(30, TimeUnit.SECONDS);
        first.then().statusCode(202);
        assertThat(first.jsonPath().getString("note")).as("the held wait ran its course").isNull();
    }

    private static Response submitWaiting(String wait) {
        return given().header(ApiKeysForTests.HEADER, TightLimits.SUBMITTER_D)
                .multiPart("scan", "a.png", TestImages.png(64, 48), "image/png")
                .post("/api/v1/scans?wait=" + wait);
    }
}
