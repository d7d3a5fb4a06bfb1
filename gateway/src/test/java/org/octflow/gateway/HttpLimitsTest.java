package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.ApiKeysForTests;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.octflow.gateway.api.RequestLimits;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.OctflowStack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Requests over the gateway's HTTP limits get a JSON answer that says the limit and what to do, never an empty one. */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class HttpLimitsTest {
    @TestHTTPResource("/api/v1/scans")
    URL scans;

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
    void aRequestLineFarOverTheLimitStillGetsTheJson414() {
        Api.asReader().queryParam("label", "x".repeat(70_000)).get("/api/v1/predictions")
                .then().statusCode(414).contentType("application/json")
                .body("message", containsString("at most " + RequestLimits.MAX_REQUEST_LINE));
    }

    @Test
    void aHundredKilobyteApiKeyGetsTheJson431() {
        given().header("X-API-Key", "k".repeat(100_000)).get("/api/v1/predictions")
                .then().statusCode(431).contentType("application/json")
                .body("message", containsString("at most " + RequestLimits.MAX_HEADER_BYTES));
    }

    @Test
    void aChunkedBodyOverTheLimitGetsTheJson413NotAJsonError() throws Exception {
        byte[] body = new byte[5 << 20];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpRequest request = HttpRequest.newBuilder(scans.toURI()).version(HttpClient.Version.HTTP_1_1)
                .header(ApiKeysForTests.HEADER, ApiKeysForTests.SUBMITTER).header("Content-Type", "application/json")
                // An input stream has no known length: the client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("at most " + RequestLimits.MAX_BODY_BYTES + " bytes");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(scans.toURI()).version(HttpClient.Version.HTTP_1_1)
                .header(ApiKeysForTests.HEADER, ApiKeysForTests.SUBMITTER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "{\"scans\":[]}".getBytes(StandardCharsets.UTF_8)))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("holds no images");
    }

    /** Refused by the HTTP codec before the gateway sees it: Quarkus 3.36 gives no hook to put a body on it. */
    @Test
    void aContentLengthThatIsNoNumberIsRefusedWith400() throws Exception {
        try (Socket socket = new Socket(scans.getHost(), scans.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/scans HTTP/1.1\r\nHost: localhost\r\nContent-Length: ten"
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void anUnknownPathGetsAJson404() {
        Api.asReader().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/json")
                .body("message", containsString("/q/openapi"));
    }
}
