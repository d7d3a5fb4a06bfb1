package org.octflow.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaBrokerTest {
    @TempDir
    Path dir;

    @Test
    void aRealBrokerCommitsTransactionsAndKeepsDataAcrossRestarts() {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir)) {
            broker.createTopics(java.util.List.of(new org.octflow.contracts.TopicSpec("t", 2, Map.of())));
            try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "committed"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }
            assertThat(readCommitted(broker, "t", 1)).containsExactly("committed");
        }

        try (LocalKafkaBroker again = LocalKafkaBroker.start(dir)) {
            assertThat(readCommitted(again, "t", 1)).containsExactly("committed");
        }
    }

    @Test
    void clusterIdsNeverStartWithADashThatTheStorageToolWouldReadAsAnOption() {
        for (int i = 0; i < 5_000; i++) {
            assertThat(LocalKafkaBroker.clusterId()).doesNotStartWith("-").hasSize(22);
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(LocalKafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readCommitted(LocalKafkaBroker broker, String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                if (values.size() >= expected) {
                    // one more poll proves nothing else (the aborted record) is delivered
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                    break;
                }
            }
        }
        return values;
    }
}
