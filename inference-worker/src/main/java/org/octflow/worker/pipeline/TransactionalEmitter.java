package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.octflow.contracts.Headers;
import org.octflow.worker.metrics.WorkerMetrics;
import org.octflow.worker.model.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The producer side of the worker: writes each finished record's PredictionBatch and dead letters into the open
 * transaction, and commits them together with the consumed offsets.
 */
final class TransactionalEmitter {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalEmitter.class);

    private final Producer<byte[], byte[]> producer;
    private final ModelRegistry registry;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private final List<Long> timestamps = new ArrayList<>();
    private boolean open;
    private long openedAt;

    TransactionalEmitter(Producer<byte[], byte[]> producer, ModelRegistry registry, WorkerMetrics metrics,
                         String workerId) {
        this.producer = producer;
        this.registry = registry;
        this.metrics = metrics;
        this.workerId = workerId;
    }

    /** Fences any earlier producer with this transactional id and aborts what it left open. */
    void init() {
        producer.initTransactions();
    }

    void emit(ConsumedRecord done) {
        if (!open) {
            producer.beginTransaction();
            open = true;
            openedAt = System.nanoTime();
        }
        for (var letter : ResultAssembly.deadLetters(done)) {
            producer.send(letter);
            metrics.deadLetters.with(new String(letter.headers().lastHeader(Headers.ERROR_CODE).value(),
                    StandardCharsets.UTF_8)).inc();
        }
        if (!done.isMalformed()) {
            producer.send(ResultAssembly.predictionRecord(done, registry.current().ref(), workerId, Instant.now()));
            metrics.predictions.add(Arrays.stream(done.outcomes()).filter(o -> !o.hasError()).count());
        }
        offsets.put(done.partition(), new OffsetAndMetadata(done.record().offset() + 1));
        timestamps.add(done.record().timestamp());
    }

    boolean isOpen() {
        return open;
    }

    boolean openLongerThan(Duration interval) {
        return open && System.nanoTime() - openedAt >= interval.toNanos();
    }

    /** Commits the outputs and the consumed offsets as one; the group metadata fences a zombie group member. */
    void commit(ConsumerGroupMetadata group) {
        if (!open) {
            return;
        }
        producer.sendOffsetsToTransaction(offsets, group);
        producer.commitTransaction();
        open = false;
        metrics.transactionsCommitted.inc();
        long now = System.currentTimeMillis();
        for (long timestamp : timestamps) {
            metrics.endToEndLatency.observe(Math.max(0, now - timestamp) / 1e3);
        }
        offsets.clear();
        timestamps.clear();
    }

    /** Nothing of the open transaction becomes visible; its records must be consumed again. */
    void abort() {
        if (open) {
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                LOG.warn("abort failed: {}", e.toString());
            }
            open = false;
            metrics.transactionsAborted.inc();
        }
        offsets.clear();
        timestamps.clear();
    }

    void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("closing the producer: {}", e.toString());
        }
    }
}
