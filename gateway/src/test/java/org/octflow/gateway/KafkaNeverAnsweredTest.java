package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.RefusedKafkaStack;
import org.octflow.gateway.support.Rows;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A plaintext gateway on a TLS listener gets no answer at all, which no wait fixes: once Kafka has not answered for
 * {@code octflow.kafka.start-timeout} (here 5 s) since start, the gateway reports not ready and says why once, and
 * keeps what it accepts in its outbox.
 */
@QuarkusTest
@WithTestResource(value = RefusedKafkaStack.class, initArgs = @ResourceArg(name = "client", value = "plaintext"))
class KafkaNeverAnsweredTest {
    private static final String REASON = "has not answered in the";

    RefusedKafkaStack.GatewayLog log;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void reportsNotReadyOnceTheStartTimeoutPassedAndKeepsScansInTheOutbox() throws Exception {
        Api.Submission submission = Api.submitPngs(1);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'kafka-access' }.data.'since start'",
                        containsString("security.protocol"))
                .body("checks.find { it.name == 'prediction-storage' }.status", equalTo("UP")));
        given().get("/q/health/ready").then().statusCode(503);

        assertThat(Rows.count(dataSource, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND record_key = ?",
                submission.batchId())).isEqualTo(1);
        // Said once by the gateway (SmallRye Health also logs each DOWN answer to a probe, at INFO).
        assertThat(log.text().lines().filter(line -> line.contains(REASON) && line.contains("KafkaRefusals")))
                .hasSize(1);
        // No assertion on stack traces here: the Kafka client itself may log one. A plaintext client reads the TLS
        // server's first bytes as a response size and its network thread dies of OutOfMemoryError (KAFKA-4090);
        // the gateway stays up, not ready, and says why in one line.
    }
}
