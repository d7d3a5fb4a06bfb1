package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.gateway.monitoring.EstimateGauges;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.TestWorker;
import org.octflow.testkit.RenderedManifests;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.octflow.testkit.RenderedManifests.get;
import static org.octflow.testkit.RenderedManifests.list;
import static org.octflow.testkit.RenderedManifests.map;

/**
 * The gateway as deploy/k8s/base runs it: every variable the Deployment sets is a setting the gateway reads (its
 * config mapping, Quarkus' own, or a Kafka client property), the container port is the one it listens on, and every
 * probe path answers on the running app, and every gateway metric the alerts and the dashboard query is one it
 * exports (the estimate's gauges once computed).
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class DeployedGatewayTest {
    private static Map<String, Object> container;
    private static Map<String, Object> deployment;
    private static RenderedManifests base;
    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    EstimateGauges estimateGauges;

    @BeforeAll
    static void render() {
        Assumptions.assumeTrue(RenderedManifests.kubectlAvailable(), "skipped: kubectl is not installed");
        base = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("base"));
        deployment = base.require("Deployment", "gateway");
        container = base.containers(deployment).get(0);
    }

    @Test
    void everyVariableTheDeploymentAndTheMigrationJobSetIsASettingTheGatewayReads() {
        Set<String> known = new HashSet<>();
        StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(DeployedGatewayTest::environmentName).forEach(known::add);
        Set<String> names = new HashSet<>();
        // The Job runs the same image in init-and-exit mode (Flyway's migration as the database's owner).
        for (Map<String, Object> each : List.of(container,
                base.containers(base.require("Job", "octflow-db-migrate")).get(0))) {
            names.addAll(base.environment(each, valueFrom -> "(ref)").keySet());
        }
        assertThat(names).contains("QUARKUS_INIT_AND_EXIT", "QUARKUS_FLYWAY_VALIDATE_AT_START");

        assertThat(names).isNotEmpty().allSatisfy(name -> assertThat(known.contains(name)
                || name.startsWith(KafkaClientConfig.ENV_PREFIX)).as("%s is no gateway setting", name).isTrue());
    }

    @Test
    void theContainerPortIsTheImagesAndEveryProbePathAnswers() throws Exception {
        int containerPort = (int) map(list(container.get("ports")).get(0)).get("containerPort");
        String image = Files.readString(RenderedManifests.deployDirectory().resolve("../images/gateway.Dockerfile"));
        assertThat(image).as("the image's HTTP port").contains("QUARKUS_HTTP_PORT=" + containerPort);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = String.valueOf(get(map(container.get(probe)), "httpGet.path"));
            given().get(path).then().statusCode(200);
        }
    }

    @Test
    void everyGatewayMetricTheAlertsAndTheDashboardQueryIsExported() {
        // A stored prediction, so that the series made on first use exist too.
        TestWorker worker = new TestWorker(bootstrapServers);
        String batchId = "deployed-" + UUID.randomUUID();
        ScanBatch scans = ScanBatch.newBuilder().setBatchId(batchId).addScans(Scan.newBuilder().setScanId(batchId + "-0"))
                .build();
        worker.publish(TestWorker.predict(scans, "CNV", 0.9));
        Set<String> queried = base.metricNamesQueried().stream().filter(n -> n.startsWith("octflow_gateway_"))
                .collect(Collectors.toSet());
        assertThat(queried).contains("octflow_gateway_predictions_stored_total", "octflow_gateway_outbox_unsent");

        // The estimate's gauges are computed on a schedule, off in tests: compute them here, once stored.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            estimateGauges.update();
            assertThat(RenderedManifests.seriesNames(given().get("/q/metrics").asString())).containsAll(queried);
        });
    }

    /** SmallRye Config's rule: {@code octflow.api-keys.submitter} is read from {@code OCTFLOW_API_KEYS_SUBMITTER}. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
