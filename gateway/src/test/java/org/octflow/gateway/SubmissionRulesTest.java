package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestImages;

import java.util.Base64;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The rules the README states for a JSON submission and for roles: an unknown field is refused (a misspelt metadata
 * or contentType would be lost unseen), and a submitter key reads what a reader key reads (to follow its batches).
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class SubmissionRulesTest {
    private static final String IMAGE = Base64.getEncoder().encodeToString(TestImages.png(32, 32));

    @Test
    void aMisspeltFieldOfAScanIsRefusedWithoutRepeatingIt() {
        Api.asSubmitter().contentType("application/json")
                .body("{\"scans\":[{\"image\":\"" + IMAGE + "\",\"metdata\":{\"site\":\"A\"}}]}")
                .post("/api/v1/scans").then().statusCode(400)
                .body("message", allOf(containsString("'scans[0]' has a field the format does not know"),
                        not(containsString("metdata"))));
        Api.asSubmitter().contentType("application/json")
                .body("{\"scans\":[{\"image\":\"" + IMAGE + "\"}],\"wait\":\"PT5S\"}")
                .post("/api/v1/scans").then().statusCode(400)
                .body("message", containsString("the submission has a field the format does not know"));
    }

    @Test
    void aSubmitterKeyReadsPredictions() {
        Api.asSubmitter().get("/api/v1/predictions").then().statusCode(200);
        Api.asSubmitter().get("/api/v1/failures").then().statusCode(200);
    }
}
