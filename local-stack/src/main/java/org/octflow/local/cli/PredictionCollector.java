package org.octflow.local.cli;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanPrediction;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads committed predictions from the end of the topic as it stood when created, so a run counts only its own
 * scans, and how often each scan was answered.
 */
final class PredictionCollector implements AutoCloseable {
    /** A scan's answer as read from the topic. */
    record Received(ScanPrediction prediction, String modelId, long predictedAtMillis, int times) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Received> byScanId = new HashMap<>();
    private long unparseable;

    PredictionCollector(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PREDICTIONS, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // pin the start now, before anything is sent
    }

    /** Polls until every expected scan has an answer or nothing new arrived for {@code idleTimeout}. */
    void awaitAll(List<SentScan> expected, Duration idleTimeout, ProgressBar progress) {
        long lastProgress = System.nanoTime();
        int answered = 0;
        while (answered < expected.size()) {
            int before = byScanId.size();
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                accept(record);
            }
            if (byScanId.size() != before) {
                lastProgress = System.nanoTime();
                answered = (int) expected.stream().filter(s -> byScanId.containsKey(s.scanId())).count();
                progress.update(answered);
            } else if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                return;
            }
        }
        // A last short poll so a duplicate delivered right after the last answer is still counted.
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(1000))) {
            accept(record);
        }
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        PredictionBatch batch;
        try {
            batch = PredictionBatch.parseFrom(record.value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            unparseable++;
            return;
        }
        String model = batch.getModel().getName() + ":" + batch.getModel().getVersion();
        for (ScanPrediction prediction : batch.getPredictionsList()) {
            byScanId.merge(prediction.getScanId(), new Received(prediction, model, record.timestamp(), 1),
                    (old, fresh) -> new Received(old.prediction(), old.modelId(), old.predictedAtMillis(),
                            old.times() + 1));
        }
    }

    Map<String, Received> received() {
        return byScanId;
    }

    long unparseable() {
        return unparseable;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
