package org.octflow.gateway;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.testkit.RenderedManifests;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.octflow.testkit.RenderedManifests.get;
import static org.octflow.testkit.RenderedManifests.list;
import static org.octflow.testkit.RenderedManifests.map;

/**
 * The gateway as deploy/k8s/base runs it: every variable the Deployment sets is a setting the gateway reads (its
 * config mapping, Quarkus' own, or a Kafka client property), the container port is the one it listens on, and every
 * probe path answers on the running app.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class DeployedGatewayTest {
    private static Map<String, Object> container;
    private static Map<String, Object> deployment;
    private static RenderedManifests base;

    @BeforeAll
    static void render() {
        Assumptions.assumeTrue(RenderedManifests.kubectlAvailable(), "skipped: kubectl is not installed");
        base = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("base"));
        deployment = base.require("Deployment", "gateway");
        container = base.containers(deployment).get(0);
    }

    @Test
    void everyVariableTheDeploymentSetsIsASettingTheGatewayReads() {
        Set<String> known = new HashSet<>();
        StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .map(DeployedGatewayTest::environmentName).forEach(known::add);
        Set<String> names = new HashSet<>();
        for (Object from : list(container.get("envFrom"))) {
            names.addAll(map(get(base.require("ConfigMap", String.valueOf(get(map(from), "configMapRef.name"))),
                    "data")).keySet());
        }
        list(container.get("env")).forEach(v -> names.add(String.valueOf(map(v).get("name"))));

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

    /** SmallRye Config's rule: {@code octflow.api-keys.submitter} is read from {@code OCTFLOW_API_KEYS_SUBMITTER}. */
    private static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
