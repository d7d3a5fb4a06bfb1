package org.octflow.worker.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.records.ScanBatchRecords;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.records.PredictionRecords;
import org.octflow.testkit.ConsumerGroups;
import org.octflow.testkit.FreePorts;
import org.octflow.testkit.KafkaBrokerExtension;
import org.octflow.testkit.TopicReader;
import org.octflow.testkit.LocalKafkaBroker;
import org.octflow.worker.config.WorkerConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The producer/reader side of the tests on a real broker with the contract's topics: a broker of its own
 * ({@link #start}), which a test can take away and bring back, or a {@link KafkaBrokerExtension}'s ({@link #on}).
 */
public final class KafkaFixture implements AutoCloseable {
    private volatile LocalKafkaBroker broker;
    /** Brings the broker back on the same ports and data; null when the broker is someone else's to stop. */
    private final Supplier<LocalKafkaBroker> restart;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaFixture(LocalKafkaBroker broker, Supplier<LocalKafkaBroker> restart) {
        this.broker = broker;
        this.restart = restart;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Starts a broker of this fixture's own, which {@link #close} stops. */
    public static KafkaFixture start(Path directory) {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Supplier<LocalKafkaBroker> start = () -> LocalKafkaBroker.start(directory, port, controllerPort);
        LocalKafkaBroker broker = start.get();
        broker.createContractTopics();
        return new KafkaFixture(broker, start);
    }

    /** Clients of the extension's broker, which outlives this fixture: {@link #close} leaves it running. */
    public static KafkaFixture on(KafkaBrokerExtension kafka) {
        return new KafkaFixture(kafka.broker(), null);
    }

    /** Stops the broker (SIGTERM); {@link #startBroker} brings it back on the same ports and data. */
    public void stopBroker() {
        requireOwnBroker();
        broker.close();
    }

    public void startBroker() {
        requireOwnBroker();
        broker = restart.get();
    }

    private void requireOwnBroker() {
        if (restart == null) {
            throw new IllegalStateException("this broker is shared by the class's tests: to take a broker away and "
                    + "back, start one of the test's own with KafkaFixture.start(directory)");
        }
    }

    /**
     * Freezes the broker (SIGSTOP): its connections stay open and nothing answers, as when a network drops packets.
     * {@link #thawBroker} lets it go on.
     */
    public void freezeBroker() throws Exception {
        requireOwnBroker();
        signalBroker("-STOP");
    }

    public void thawBroker() throws Exception {
        requireOwnBroker();
        signalBroker("-CONT");
    }

    private void signalBroker(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(broker.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + broker.pid() + " failed");
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A worker config for this broker; extra flags override. */
    public WorkerConfig workerConfig(String group, Path modelDir, String... flags) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers(), "--model-dir",
                modelDir.toString(), "--group-id", group, "--worker-id", group + "-w1", "--http-port", "0",
                "--intra-op-threads", "1", "--session-timeout-ms", "6000", "--transaction-timeout-ms", "10000"));
        args.addAll(List.of(flags));
        return WorkerConfig.parse(args.toArray(String[]::new), Map.of());
    }

    public void send(ScanBatch batch) {
        producer.send(ScanBatchRecords.record(batch));
    }

    /** Sends every batch and waits until the broker has acknowledged each one (a failed send throws). */
    public void sendAcknowledged(List<ScanBatch> batches) throws Exception {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
        for (ScanBatch batch : batches) {
            acks.add(producer.send(ScanBatchRecords.record(batch)));
        }
        for (var ack : acks) {
            ack.get(120, TimeUnit.SECONDS);
        }
    }

    /** Every committed dead letter on the topic now. */
    public List<ConsumerRecord<byte[], byte[]>> allDeadLetters() {
        try (TopicReader reader = TopicReader.fromBeginning(bootstrapServers(), Topics.SCANS_DEAD_LETTER)) {
            return reader.readToEnd(Duration.ofSeconds(60));
        }
    }

    /** Where each record of the scans topic is now, by key. */
    public Map<String, RecordOrigin> scanRecords() {
        try (TopicReader reader = TopicReader.fromBeginning(bootstrapServers(), Topics.SCANS)) {
            Map<String, RecordOrigin> where = new HashMap<>();
            for (var record : reader.readToEnd(Duration.ofSeconds(60))) {
                where.put(new String(record.key(), StandardCharsets.UTF_8),
                        new RecordOrigin(record.topic(), record.partition(), record.offset()));
            }
            return where;
        }
    }

    /** Sends one record and waits for the broker to take it (the test producer accepts Kafka's default maximum). */
    public void sendNow(ProducerRecord<byte[], byte[]> record) throws Exception {
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    public void sendRaw(String key, byte[] value, boolean asScanBatch) {
        var record = new ProducerRecord<>(Topics.SCANS, key.getBytes(StandardCharsets.UTF_8), value);
        if (asScanBatch) {
            record.headers().add(Headers.MESSAGE_TYPE, Headers.SCAN_BATCH_TYPE.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    /** Makes a new consumer group start at the scans topic's end, so a test sees only its own records. */
    public void startGroupAtEnd(String group) throws Exception {
        ConsumerGroups.startAtEnd(bootstrapServers(), group, Topics.SCANS);
    }

    /**
     * Every committed PredictionBatch that matches, read from the start until {@code expected} arrived (then a little
     * longer, so duplicates would show) or the timeout passed.
     */
    public List<PredictionBatch> committedPredictions(Predicate<PredictionBatch> matching, int expected,
                                                      Duration timeout) throws Exception {
        List<PredictionBatch> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(Topics.PREDICTIONS,
                r -> PredictionRecords.read(r.value()).filter(matching).isPresent(), expected, timeout)) {
            found.add(PredictionBatch.parseFrom(record.value()));
        }
        return found;
    }

    public List<ConsumerRecord<byte[], byte[]>> deadLetters(Predicate<ConsumerRecord<byte[], byte[]>> matching,
                                                            int expected, Duration timeout) {
        return readCommitted(Topics.SCANS_DEAD_LETTER, matching, expected, timeout);
    }

    private List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic,
                                                               Predicate<ConsumerRecord<byte[], byte[]>> matching,
                                                               int expected, Duration timeout) {
        try (TopicReader reader = TopicReader.fromBeginning(bootstrapServers(), topic)) {
            return reader.collect(matching, expected, timeout, Duration.ofMillis(700));
        }
    }

    /** The group's committed offset of a partition of the scans topic, or -1 when none. */
    public long committedOffset(String group, int partition) throws Exception {
        try (Admin admin = broker.admin()) {
            var offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(Topics.SCANS, partition));
            return offset == null ? -1 : offset.offset();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        if (restart != null) {
            broker.close();
        }
    }
}
