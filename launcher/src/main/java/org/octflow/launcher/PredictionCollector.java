package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import me.tongfei.progressbar.ProgressBar;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.testkit.TopicReader;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads committed predictions from the end of the topic as it stood when created, so a run counts only its own
 * scans, and how often each scan was answered.
 */
final class PredictionCollector implements AutoCloseable {
    /** A scan's answer as read from the topic. */
    record Received(ScanPrediction prediction, String modelId, long predictedAtMillis, int times) {
    }

    /** One prediction record as read: when the worker sent it (its record timestamp) and which worker. */
    record Sent(long atMillis, String workerId) {
    }

    private final TopicReader reader;
    private final Map<String, Received> byScanId = new HashMap<>();
    private final List<Sent> records = new ArrayList<>();
    private long unparseable;

    PredictionCollector(KafkaClientConfig kafka) {
        reader = TopicReader.fromEnd(kafka, Topics.PREDICTIONS);
    }

    /** Polls until every expected scan has an answer or nothing new arrived for {@code idleTimeout}. */
    void awaitAll(List<SentScan> expected, Duration idleTimeout, PrintStream out) {
        try (ProgressBar progress = ScanProgress.start(out, "predictions", expected.size())) {
            awaitAll(expected, idleTimeout, progress);
        }
    }

    private void awaitAll(List<SentScan> expected, Duration idleTimeout, ProgressBar progress) {
        long lastProgress = System.nanoTime();
        int answered = 0;
        while (answered < expected.size()) {
            int before = byScanId.size();
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                accept(record);
            }
            if (byScanId.size() != before) {
                lastProgress = System.nanoTime();
                answered = (int) expected.stream().filter(s -> byScanId.containsKey(s.scanId())).count();
                progress.stepTo(answered);
            } else if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
                return;
            }
        }
        // A last short poll so a duplicate delivered right after the last answer is still counted.
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(1000))) {
            accept(record);
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        PredictionBatch batch;
        try {
            batch = PredictionBatch.parseFrom(record.value());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            unparseable++;
            return;
        }
        records.add(new Sent(record.timestamp(), batch.getWorkerId()));
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

    /**
     * The first prediction record a worker ({@code workerId}, or any when null) sent at or after {@code fromMillis}:
     * with read_committed, the first one that committed after a fault ended.
     */
    Optional<Sent> firstSentFrom(long fromMillis, String workerId) {
        return records.stream().filter(r -> r.atMillis() >= fromMillis)
                .filter(r -> workerId == null || workerId.equals(r.workerId()))
                .min(Comparator.comparingLong(Sent::atMillis));
    }

    long unparseable() {
        return unparseable;
    }

    @Override
    public void close() {
        reader.close();
    }
}
