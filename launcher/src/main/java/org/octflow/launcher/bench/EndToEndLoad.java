package org.octflow.launcher.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.testkit.ConsumerGroups;
import org.octflow.worker.Worker;
import org.octflow.worker.config.WorkerConfig;
import org.octflow.worker.pipeline.KafkaClients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Load for the end-to-end figures: scans in through a real broker, committed predictions counted back out. */
final class EndToEndLoad {
    private static final int SIDE = 28;

    private final KafkaClientConfig kafka;
    private final byte[][] images;

    EndToEndLoad(String servers) {
        this.kafka = KafkaClientConfig.plain(servers);
        KafkaClients.createTopics(kafka);
        Random random = new Random(7);
        images = new byte[64][SIDE * SIDE];
        for (byte[] image : images) {
            random.nextBytes(image);
        }
    }

    /** Preloads {@code scans} scans, then times one fresh worker from its first record to its last commit. */
    double throughput(WorkerConfig config, int scans, int scansPerRecord) throws Exception {
        startGroupAtEnd(config.groupId());
        try (KafkaProducer<byte[], byte[]> producer = producer(5);
             KafkaConsumer<byte[], byte[]> predictions = predictionsAtEnd()) {
            int records = (scans + scansPerRecord - 1) / scansPerRecord;
            for (int r = 0; r < records; r++) {
                String id = config.groupId() + "-" + r;
                producer.send(new ProducerRecord<>(Topics.SCANS, id.getBytes(StandardCharsets.UTF_8),
                        batch(id, Math.min(scansPerRecord, scans - r * scansPerRecord)).toByteArray()));
            }
            producer.flush();
            try (Worker worker = Worker.start(config)) {
                AtomicLong firstRecord = new AtomicLong();
                Thread watch = new Thread(() -> {
                    while (worker.metrics().recordsIn.count() == 0 && !Thread.currentThread().isInterrupted()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                    }
                    firstRecord.set(System.nanoTime());
                });
                watch.setDaemon(true);
                watch.start();
                long counted = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
                while (counted < scans && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : predictions.poll(Duration.ofMillis(50))) {
                        PredictionBatch batch = PredictionBatch.parseFrom(record.value());
                        if (batch.getWorkerId().equals(config.workerId())) {
                            counted += batch.getPredictionsCount();
                        }
                    }
                }
                long end = System.nanoTime();
                watch.interrupt();
                if (counted < scans) {
                    throw new IllegalStateException("only " + counted + " of " + scans + " predictions within 300 s");
                }
                double wall = (end - firstRecord.get()) / 1e9;
                var m = worker.metrics();
                System.out.printf("  %d model runs, mean batch %.1f, model busy %.0f%% of %.2f s, %d transactions%n",
                        (long) m.modelBatches.count(), m.modelBatchSize.totalAmount() / Math.max(1, m.modelBatchSize.count()),
                        100 * m.inferenceLatency.totalTime(java.util.concurrent.TimeUnit.SECONDS) / wall, wall, (long) m.transactionsCommitted.count());
                return scans / wall;
            }
        }
    }

    /** Sends at {@code imagesPerSecond} for {@code seconds} and returns p50 and p99 latency in ms. */
    double[] latencyAt(WorkerConfig config, double imagesPerSecond, int scansPerRecord, double seconds)
            throws Exception {
        startGroupAtEnd(config.groupId());
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Double> latencies = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(0);
             KafkaConsumer<byte[], byte[]> predictions = predictionsAtEnd();
             Worker worker = Worker.start(config)) {
            long ready = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!worker.health().ready() && System.nanoTime() < ready) {
                Thread.sleep(50);
            }
            Thread.sleep(1500); // let the group settle: a rebalance inside the window is not what is measured
            int records = (int) (imagesPerSecond * seconds / scansPerRecord);
            double intervalNanos = 1e9 * scansPerRecord / imagesPerSecond;
            Thread sender = new Thread(() -> {
                long start = System.nanoTime();
                for (int r = 0; r < records; r++) {
                    long due = start + (long) (r * intervalNanos);
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.max(1000, due - System.nanoTime()));
                    }
                    String id = config.groupId() + "-" + r;
                    sentAt.put(id, System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.SCANS, id.getBytes(StandardCharsets.UTF_8),
                            batch(id, scansPerRecord).toByteArray()));
                }
            }, "latency-sender");
            sender.start();
            long deadline = System.nanoTime() + (long) ((seconds + 60) * 1e9);
            while (latencies.size() < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : predictions.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    Long sent = sentAt.get(batchId(record));
                    if (sent != null) {
                        latencies.add((now - sent) / 1e6);
                    }
                }
            }
            sender.join();
        }
        latencies.sort(null);
        return new double[]{percentile(latencies, 0.50), percentile(latencies, 0.99)};
    }

    private static String batchId(ConsumerRecord<byte[], byte[]> record) throws InvalidProtocolBufferException {
        return PredictionBatch.parseFrom(record.value()).getBatchId();
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private ScanBatch batch(String id, int scans) {
        ScanBatch.Builder batch = ScanBatch.newBuilder().setBatchId(id).setSource("bench");
        for (int s = 0; s < scans; s++) {
            batch.addScans(Scan.newBuilder().setScanId(id + "/" + s).setEncoding(ImageEncoding.RAW_GREY8)
                    .setWidth(SIDE).setHeight(SIDE).setImage(ByteString.copyFrom(images[s % images.length])));
        }
        return batch.build();
    }

    /** A new group that starts at the scans topic's current end, so earlier runs' records are not consumed again. */
    private void startGroupAtEnd(String group) throws Exception {
        ConsumerGroups.startAtEnd(kafka, group, Topics.SCANS);
    }

    private KafkaConsumer<byte[], byte[]> predictionsAtEnd() {
        KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed");
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.PREDICTIONS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now, before the worker writes
        return consumer;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50); // a reader that waits 500 ms would measure itself
        if (isolation != null) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        }
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<byte[], byte[]> producer(int lingerMs) {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
