package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;

import static org.hamcrest.Matchers.containsString;

/** Numbers a query cannot use get 400 with the reason, never a 500 from deeper down. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class QueryNumbersTest {

    @Test
    void aPageWhoseFirstRowOverflowsIsRefused() {
        Api.asReader().queryParam("page", 10737419).queryParam("size", 200).get("/api/v1/predictions")
                .then().statusCode(400).body("message", containsString("narrow the search"));
        Api.asReader().queryParam("page", 10737419).queryParam("size", 200).get("/api/v1/failures")
                .then().statusCode(400).body("message", containsString("narrow the search"));
    }

    @Test
    void anInstantOutsideTheSearchableYearsIsRefused() {
        Api.asReader().queryParam("from", "-5000-01-01T00:00:00Z").get("/api/v1/predictions")
                .then().statusCode(400).body("message", containsString("outside the years 0001 to 9999"));
        Api.asReader().queryParam("to", "+50000-01-01T00:00:00Z").get("/api/v1/failures")
                .then().statusCode(400).body("message", containsString("outside the years 0001 to 9999"));
    }

    @Test
    void aThroughputWindowOverTenYearsIsRefused() {
        Api.asReader().queryParam("window", "P3000000D").get("/api/v1/stats/throughput")
                .then().statusCode(400).body("message", containsString("shorter"));
        Api.asReader().queryParam("window", "P30D").get("/api/v1/stats/throughput").then().statusCode(200);
    }
}
