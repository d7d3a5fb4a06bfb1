package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
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
 * Kafka refusing the gateway's credentials is a setting to fix: the gateway reports not ready with what to fix, says
 * it once in its log, and keeps every accepted scan in its outbox until the setting is right.
 */
@QuarkusTest
@WithTestResource(RefusedKafkaStack.class)
class KafkaRefusalTest {
    private static final String REASON = "Kafka refused the gateway's credentials";

    RefusedKafkaStack.GatewayLog log;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void reportsNotReadyWithWhatToFix() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'kafka-access' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka-access' }.data.'prediction consumer'", containsString(REASON))
                .body("checks.find { it.name == 'prediction-storage' }.status", equalTo("UP")));
    }

    @Test
    void keepsAcceptedScansInTheOutboxAndSaysWhyOnceWithoutAStackTrace() throws Exception {
        Api.Submission submission = Api.submitPngs(2);

        await().atMost(Duration.ofSeconds(60)).until(() -> log.text().contains("outbox publisher: " + REASON));
        Thread.sleep(5_000); // several retries of both clients, none of which may log again
        assertThat(Rows.count(dataSource, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND record_key = ?",
                submission.batchId())).isEqualTo(1);
        String text = log.text();
        assertThat(text.lines().filter(line -> line.contains("outbox publisher: " + REASON))).hasSize(1);
        assertThat(text.lines().filter(line -> line.contains("prediction consumer: " + REASON))).hasSize(1);
        assertThat(text).doesNotContain("\tat ").doesNotContain(RefusedKafkaStack.WRONG_PASSWORD);
        for (String path : new String[]{"/q/health", "/q/health/group/kafka", "/q/metrics"}) {
            assertThat(given().get(path).asString()).as(path).doesNotContain(RefusedKafkaStack.WRONG_PASSWORD);
        }
    }
}
