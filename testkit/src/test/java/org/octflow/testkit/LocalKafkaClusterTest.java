package org.octflow.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.Topics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Three KRaft nodes as processes: the contract's topics replicated three times, and a crash of any node survived. */
class LocalKafkaClusterTest {
    @TempDir
    Path dir;

    @Test
    void replicatesTheContractsTopicsAndTakesWritesWhileTheControllerIsDownAndBackInSync() throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(dir.resolve("cluster"))) {
            cluster.createContractTopics();
            try (Admin admin = cluster.admin()) {
                TopicDescription scans = admin.describeTopics(List.of(Topics.SCANS)).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get(Topics.SCANS);
                assertThat(scans.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.SCANS)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            }

            int controller = cluster.activeController();
            cluster.kill(controller);
            try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
                for (int i = 0; i < 24; i++) { // every partition, each with one replica gone
                    producer.send(new ProducerRecord<>(Topics.SCANS, i % 12, null, bytes("while-down-" + i)))
                            .get(60, TimeUnit.SECONDS);
                }
            }
            assertThat(cluster.activeController()).as("a new controller leads the quorum").isNotEqualTo(controller);

            cluster.restart(controller);
            Duration catchUp = cluster.awaitInSync(controller, Duration.ofMinutes(2));
            System.out.printf("node %d back in every in-sync replica set %d ms after it answered%n", controller,
                    catchUp.toMillis());
            assertThat(cluster.inSync(controller)).isTrue();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(LocalKafkaCluster cluster) {
        Properties props = cluster.clientConfig().clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
