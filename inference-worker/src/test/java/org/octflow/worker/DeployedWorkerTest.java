package org.octflow.worker;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.testkit.FreePorts;
import org.octflow.testkit.RenderedManifests;
import org.octflow.testkit.TestModels;
import org.octflow.worker.config.WorkerConfig;
import org.octflow.worker.support.KafkaFixture;
import org.octflow.worker.support.TestScans;
import org.octflow.worker.support.WorkerProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.octflow.testkit.RenderedManifests.get;
import static org.octflow.testkit.RenderedManifests.list;
import static org.octflow.testkit.RenderedManifests.map;

/**
 * The worker as deploy/k8s/base runs it: the environment the StatefulSet gives is a configuration the worker accepts,
 * the container port is the one it listens on, every probe path answers on a running worker (200 once it consumes
 * with a model loaded), and every worker metric the alerts and the dashboard query is one it exports.
 */
class DeployedWorkerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theStatefulSetsEnvironmentPortAndProbesAreTheWorkersOwn() throws Exception {
        Assumptions.assumeTrue(RenderedManifests.kubectlAvailable(), "skipped: kubectl is not installed");
        RenderedManifests base = RenderedManifests.render(RenderedManifests.deployDirectory().resolve("base"));
        Map<String, Object> worker = base.require("StatefulSet", "inference-worker");
        Map<String, Object> container = base.containers(worker).get(0);

        // Secrets and the pod name are filled in by Kubernetes; any value of the right kind stands in here.
        Map<String, String> env = new HashMap<>(base.environment(container, valueFrom -> "inference-worker-0"));
        env.put("OCTFLOW_MODEL_DIR", TestModels.defaultModel().toString()); // the image's ENV
        WorkerConfig config = WorkerConfig.parse(new String[0], env);
        assertThat(config.workerId()).isEqualTo("inference-worker-0");
        assertThat(config.kafka().settings()).containsEntry("security.protocol", "SASL_SSL");
        int containerPort = (int) map(list(container.get("ports")).get(0)).get("containerPort");
        assertThat(containerPort).as("the worker's default --http-port").isEqualTo(config.httpPort());

        int port = FreePorts.next();
        try (KafkaFixture kafka = KafkaFixture.start(dir.resolve("kafka"));
             WorkerProcess running = WorkerProcess.start(dir.resolve("worker.log"), "--bootstrap-servers",
                     kafka.bootstrapServers(), "--model-dir", TestModels.defaultModel().toString(), "--http-port",
                     Integer.toString(port), "--worker-id", "inference-worker-0", "--intra-op-threads", "1")) {
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = String.valueOf(get(map(container.get(probe)), "httpGet.path"));
                assertThat(awaitOk(port, path, running)).as("%s %s; worker log:%n%s", probe, path, running.log())
                        .isEqualTo(200);
            }

            // A prediction and a dead letter, so that the series made on first use exist too.
            kafka.send(TestScans.rawBatch("deployed-1", 2));
            kafka.sendRaw("deployed-poison", new byte[]{1, 2, 3}, true);
            kafka.flush();
            Set<String> queried = base.metricNamesQueried().stream().filter(n -> !n.startsWith("octflow_gateway_"))
                    .collect(Collectors.toSet());
            assertThat(queried).as("the worker metrics the manifests query").contains("octflow_dead_letters_total",
                    "octflow_model_info");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> exported = Set.of();
            while (System.nanoTime() < deadline && !exported.containsAll(queried)) {
                exported = RenderedManifests.seriesNames(HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                Thread.sleep(500);
            }
            assertThat(exported).as("series on /metrics; worker log:%n%s", running.log()).containsAll(queried);
        }
    }

    private static int awaitOk(int port, String path, WorkerProcess worker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int status = -1;
        while (System.nanoTime() < deadline && worker.isAlive()) {
            try {
                status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return status;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return status;
    }
}
