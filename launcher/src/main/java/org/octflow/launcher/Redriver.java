package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.DeadLetterHeaders;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.HeaderValues;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.records.ScanBatchRecords;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Publishes the dead letters of one error code to the scans topic again, after the cause was fixed (a model that
 * failed, a worker that could not read an encoding). Its progress is a consumer group per code, committed in the
 * same Kafka transaction as the re-published scans, so each letter goes back once however often this runs. A
 * cut-down letter has no copy of its scan: the original is read from its origin while the topic still has it.
 */
final class Redriver implements AutoCloseable {
    /** On a re-published record: the dead letter it came from, {@code topic/partition/offset}. */
    static final String REDRIVEN_FROM = "octflow-redriven-from";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What one run did. */
    record Result(int read, int redriven, int otherCodes, int unrecoverable) {
    }

    private final KafkaClientConfig kafka;
    private final String code;
    private final KafkaConsumer<byte[], byte[]> letters;
    private final KafkaProducer<byte[], byte[]> producer;

    Redriver(KafkaClientConfig kafka, String code) {
        this.kafka = kafka;
        this.code = code;
        Properties consumer = kafka.clientProperties();
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group(code));
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        letters = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group(code));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    static String group(String code) {
        return "octflow-redrive-" + code;
    }

    /**
     * Re-publishes the letters of this code from where the last run stopped (or from {@code from} on the first run)
     * up to {@code to} (or the end of the topic as it is now).
     */
    Result redrive(Instant from, Instant to) throws Exception {
        List<TopicPartition> partitions = letters.partitionsFor(Topics.SCANS_DEAD_LETTER, TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        letters.assign(partitions);
        Map<TopicPartition, Long> ends = ends(partitions, to);
        Map<TopicPartition, OffsetAndMetadata> committed = letters.committed(new java.util.HashSet<>(partitions),
                TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            if (done != null) {
                letters.seek(partition, done.offset());
            } else if (from != null) {
                OffsetAndTimestamp start = letters.offsetsForTimes(Map.of(partition, from.toEpochMilli()), TIMEOUT)
                        .get(partition);
                letters.seek(partition, start == null ? ends.get(partition) : start.offset());
            } else {
                letters.seekToBeginning(List.of(partition));
            }
        }
        int read = 0, redriven = 0, otherCodes = 0, unrecoverable = 0;
        while (partitions.stream().anyMatch(p -> letters.position(p) < ends.get(p))) {
            List<ProducerRecord<byte[], byte[]>> again = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> letter : letters.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(letter.topic(), letter.partition());
                if (letter.offset() >= ends.get(partition)) {
                    continue;
                }
                read++;
                progress.put(partition, new OffsetAndMetadata(letter.offset() + 1));
                DeadLetterHeaders said = DeadLetters.read(letter.headers());
                if (!code.equals(said.code())) {
                    otherCodes++;
                    continue;
                }
                byte[] scans = letter.value() != null ? letter.value() : original(said);
                if (scans == null) {
                    unrecoverable++;
                    continue;
                }
                ProducerRecord<byte[], byte[]> record = republished(letter, scans);
                record.headers().add(REDRIVEN_FROM, HeaderValues.utf8(RecordOrigin.of(letter).toString()));
                again.add(record);
            }
            if (progress.isEmpty()) {
                continue;
            }
            producer.beginTransaction();
            again.forEach(producer::send);
            producer.sendOffsetsToTransaction(progress, letters.groupMetadata());
            producer.commitTransaction();
            redriven += again.size();
        }
        return new Result(read, redriven, otherCodes, unrecoverable);
    }

    /** A ScanBatch goes back as the contract builds it; bytes that never were one go back as they came. */
    private static ProducerRecord<byte[], byte[]> republished(ConsumerRecord<byte[], byte[]> letter, byte[] value) {
        try {
            var batch = org.octflow.contracts.v1.ScanBatch.parseFrom(value);
            if (!batch.getBatchId().isBlank()) {
                return ScanBatchRecords.record(batch);
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // not a ScanBatch: sent back as it was
        }
        ProducerRecord<byte[], byte[]> raw = new ProducerRecord<>(Topics.SCANS, letter.key(), value);
        Header type = letter.headers().lastHeader(Headers.MESSAGE_TYPE);
        if (type != null) {
            raw.headers().add(type);
        }
        return raw;
    }

    /** The original of a cut-down letter, read at its origin if the scans topic still has it and it is the same. */
    private byte[] original(DeadLetterHeaders letter) {
        if (letter.origin().isEmpty() || letter.originalSha256() == null) {
            return null;
        }
        RecordOrigin origin = letter.origin().get();
        TopicPartition partition = new TopicPartition(origin.topic(), origin.partition());
        long offset = origin.offset();
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            reader.assign(List.of(partition));
            if (reader.beginningOffsets(List.of(partition), TIMEOUT).get(partition) > offset) {
                return null; // deleted by retention
            }
            reader.seek(partition, offset);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset && letter.isOriginal(record.value())) {
                        return record.value();
                    }
                    return null;
                }
            }
        }
        return null;
    }

    private Map<TopicPartition, Long> ends(List<TopicPartition> partitions, Instant to) {
        Map<TopicPartition, Long> ends = new HashMap<>(letters.endOffsets(partitions, TIMEOUT));
        if (to != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, to.toEpochMilli()));
            letters.offsetsForTimes(query, TIMEOUT).forEach((p, at) -> {
                if (at != null) {
                    ends.put(p, at.offset());
                }
            });
        }
        return ends;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        letters.close(Duration.ofSeconds(5));
    }
}
