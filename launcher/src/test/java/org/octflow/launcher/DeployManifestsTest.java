package org.octflow.launcher;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.TopicSpec;
import org.octflow.contracts.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes manifests render offline and agree with the wire contract. */
class DeployManifestsTest {
    private static final Path BASE = Path.of("..", "deploy", "k8s", "base");

    private static String kustomize(Path dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("skipped: kubectl is not installed (" + e.getMessage() + ")");
            throw e;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s:%n%s", dir, out).isZero();
        return out;
    }

    @Test
    void workersScaleOnTheScansTopicLagAndNeverPastItsPartitions() throws Exception {
        String rendered = kustomize(BASE);

        assertThat(rendered).contains("kind: ScaledObject", "topic: " + Topics.SCANS, "consumerGroup: octflow-workers");
        int maxReplicas = intAfter(rendered, "maxReplicaCount: (\\d+)");
        String scansTopic = java.util.Arrays.stream(rendered.split("(?m)^---$"))
                .filter(doc -> doc.contains("kind: KafkaTopic") && doc.contains("name: " + Topics.SCANS + "\n"))
                .findFirst().orElseThrow();
        int scanPartitions = intAfter(scansTopic, "partitions: (\\d+)");
        assertThat(maxReplicas).isLessThanOrEqualTo(scanPartitions);
    }

    @Test
    void everyKafkaTopicIsTheContractsSpecForAThreeBrokerCluster() throws Exception {
        String rendered = kustomize(BASE);

        for (TopicSpec spec : TopicSpec.all()) {
            String topic = java.util.Arrays.stream(rendered.split("(?m)^---$"))
                    .filter(doc -> doc.contains("kind: KafkaTopic") && doc.contains("name: " + spec.name() + "\n"))
                    .findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic " + spec.name()));
            assertThat(intAfter(topic, "(?m)^  partitions: (\\d+)")).as(spec.name()).isEqualTo(spec.partitions());
            assertThat(intAfter(topic, "(?m)^  replicas: (\\d+)")).as(spec.name()).isEqualTo(spec.replicas(3));
            spec.configsFor(3).forEach((key, value) -> assertThat(topic).as(spec.name())
                    .containsPattern("(?m)^\\s+" + java.util.regex.Pattern.quote(key) + ": \"?"
                            + java.util.regex.Pattern.quote(value) + "\"?$"));
        }
    }

    @Test
    void theGpuOverlayAsksForOneGpuPerWorker() throws Exception {
        String rendered = kustomize(Path.of("..", "deploy", "k8s", "overlays", "gpu"));

        assertThat(rendered).contains("nvidia.com/gpu: 1", "octflow/inference-worker:0.1.0-cuda");
    }

    private static int intAfter(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("pattern %s", regex).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
