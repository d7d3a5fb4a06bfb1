package org.octflow.testkit;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads one topic with {@code read_committed} and no group, from its beginning or from its end as it stands when
 * made: how tests, benches and the launcher see what was really committed.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    private TopicReader(KafkaClientConfig kafka, String topic, boolean fromEnd) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // pin the start now, before anything is sent
        } else {
            consumer.seekToBeginning(partitions);
        }
    }

    public static TopicReader fromBeginning(String bootstrapServers, String topic) {
        return fromBeginning(KafkaClientConfig.plain(bootstrapServers), topic);
    }

    public static TopicReader fromBeginning(KafkaClientConfig kafka, String topic) {
        return new TopicReader(kafka, topic, false);
    }

    /** Sees only what is committed after it was made. */
    public static TopicReader fromEnd(String bootstrapServers, String topic) {
        return fromEnd(KafkaClientConfig.plain(bootstrapServers), topic);
    }

    /** Sees only what is committed after it was made. */
    public static TopicReader fromEnd(KafkaClientConfig kafka, String topic) {
        return new TopicReader(kafka, topic, true);
    }

    public List<ConsumerRecord<byte[], byte[]>> poll(Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        consumer.poll(timeout).forEach(records::add);
        return records;
    }

    /** Everything up to the topic's end as it is now (or what came within the timeout). */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            records.addAll(poll(Duration.ofMillis(200)));
        }
        return records;
    }

    /**
     * The records that match, read until {@code expected} arrived and then {@code settle} longer (so a duplicate
     * would show), or until the timeout.
     */
    public List<ConsumerRecord<byte[], byte[]>> collect(Predicate<ConsumerRecord<byte[], byte[]>> matching,
                                                        int expected, Duration timeout, Duration settle) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long settleUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, settleUntil)) {
            for (ConsumerRecord<byte[], byte[]> record : poll(Duration.ofMillis(100))) {
                if (matching.test(record)) {
                    found.add(record);
                }
            }
            if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                settleUntil = System.nanoTime() + settle.toNanos();
            }
        }
        return found;
    }

    /** The first record that matches within the timeout. */
    public Optional<ConsumerRecord<byte[], byte[]>> first(Predicate<ConsumerRecord<byte[], byte[]>> matching,
                                                          Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : poll(Duration.ofMillis(200))) {
                if (matching.test(record)) {
                    return Optional.of(record);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
