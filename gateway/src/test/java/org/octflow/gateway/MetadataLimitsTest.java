package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.scan.MetadataLimits;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;

import java.util.Base64;
import java.util.StringJoiner;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/** Metadata is a few short labels: too many entries, or a long name or value, is refused with the limit. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class MetadataLimitsTest {
    private static final String IMAGE = Base64.getEncoder().encodeToString(TestImages.png(32, 32));

    @Test
    void tooManyEntriesAreRefused() {
        StringJoiner entries = new StringJoiner(",", "{", "}");
        for (int i = 0; i <= MetadataLimits.MAX_KEYS; i++) {
            entries.add("\"k" + i + "\":\"v\"");
        }
        submit(entries.toString(), "at most " + MetadataLimits.MAX_KEYS);
    }

    @Test
    void aLongNameOrValueIsRefusedWithoutRepeatingIt() {
        String longName = "n".repeat(MetadataLimits.MAX_KEY_CHARS + 1);
        submit("{\"" + longName + "\":\"v\"}", "at most " + MetadataLimits.MAX_KEY_CHARS)
                .body("message", not(containsString(longName)));
        String longValue = "v".repeat(990_000);
        submit("{\"note\":\"" + longValue + "\"}", "at most " + MetadataLimits.MAX_VALUE_CHARS);
    }

    @Test
    void labelsWithinTheLimitsAreAccepted() {
        Api.asSubmitter().contentType("application/json")
                .body("{\"scans\":[{\"image\":\"" + IMAGE + "\",\"metadata\":{\"site\":\"A\",\"eye\":\"OD\"}}]}")
                .post("/api/v1/scans").then().statusCode(202);
    }

    private static io.restassured.response.ValidatableResponse submit(String metadata, String limit) {
        return Api.asSubmitter().contentType("application/json")
                .body("{\"scans\":[{\"image\":\"" + IMAGE + "\",\"metadata\":" + metadata + "}]}")
                .post("/api/v1/scans").then().statusCode(400)
                .body("message", allOf(containsString("image 1 of 1"), containsString(limit)));
    }
}
