package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.octflow.contracts.Failures;
import org.octflow.contracts.Headers;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.HeaderValues;
import org.octflow.contracts.records.RecordLimits;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ScanError;
import org.octflow.worker.metrics.WorkerMetrics;
import org.octflow.runtime.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The producer side of the worker: writes each finished record's PredictionBatch and dead letters into the open
 * transaction, and commits them together with the consumed offsets. A producer that can no longer abort (Kafka was
 * away, or it is in a fatal state) is replaced by a new one with the same transactional id, whose initialisation
 * aborts, or completes, whatever the old one left open.
 */
final class TransactionalEmitter {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalEmitter.class);

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final ModelRegistry registry;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private final List<RecordOrigin> records = new ArrayList<>();
    private final List<Long> timestamps = new ArrayList<>();
    private Producer<byte[], byte[]> producer;
    private boolean initialized;
    private boolean open;
    private boolean commitOutcomeUnknown;
    private long openedAt;
    /** The first send of the open transaction that failed, reported by the producer's callback (its I/O thread). */
    private volatile Exception failedSend;

    TransactionalEmitter(Supplier<Producer<byte[], byte[]>> producers, ModelRegistry registry, WorkerMetrics metrics,
                         String workerId) {
        this.producers = producers;
        this.registry = registry;
        this.metrics = metrics;
        this.workerId = workerId;
    }

    /**
     * Creates the producer if there is none and fences any earlier producer with this transactional id, aborting what
     * it left open. Throws a timeout while Kafka is away; calling again retries.
     */
    void init() {
        if (producer == null) {
            producer = producers.get();
        }
        if (!initialized) {
            producer.initTransactions();
            initialized = true;
        }
    }

    void emit(ConsumedRecord done) {
        if (!open) {
            producer.beginTransaction();
            open = true;
            openedAt = System.nanoTime();
        }
        records.add(done.origin());
        offsets.put(done.partition(), new OffsetAndMetadata(done.record().offset() + 1));
        timestamps.add(done.record().timestamp());
        if (!done.isMalformed()) {
            ProducerRecord<byte[], byte[]> prediction = ResultAssembly.predictionRecord(done,
                    registry.current().ref(), workerId, Instant.now());
            if (RecordLimits.fits(prediction.key(), prediction.value(), prediction.headers().toArray())) {
                sendLetters(ResultAssembly.deadLetters(done));
                send(prediction);
                metrics.predictions.increment(Arrays.stream(done.outcomes()).filter(o -> !o.hasError()).count());
                return;
            }
            tooManyScans(done, prediction);
            return;
        }
        sendLetters(ResultAssembly.deadLetters(done));
    }

    /** A batch whose answer would not fit in a record gets none: the whole record is dead-lettered, saying why. */
    private void tooManyScans(ConsumedRecord done, ProducerRecord<byte[], byte[]> prediction) {
        int bytes = RecordLimits.recordBytes(prediction.key(), prediction.value(), prediction.headers().toArray());
        String reason = "record " + done.origin() + " holds " + done.scanCount() + " scans, whose PredictionBatch would"
                + " take " + bytes + " bytes, over the " + RecordLimits.MAX_RECORD_BYTES + "-byte record limit:"
                + " send fewer scans per ScanBatch";
        LOG.warn("{}; the record goes to the dead letters", reason);
        var record = done.record();
        sendLetters(List.of(DeadLetters.ofRecord(done.origin(), record.key(), record.value(),
                record.headers().toArray(),
                ScanError.newBuilder().setCode(ErrorCode.MALFORMED_MESSAGE).setReason(reason).build())));
    }

    private void sendLetters(List<ProducerRecord<byte[], byte[]>> letters) {
        for (var letter : letters) {
            if (DeadLetters.isCutDown(letter)) {
                LOG.warn("dead letter for {} cut down: {}", header(letter, Headers.ORIGIN),
                        header(letter, Headers.CUT_DOWN));
            }
            send(letter);
            metrics.deadLetter(header(letter, Headers.ERROR_CODE)).increment();
        }
    }

    /**
     * A send that fails does not throw: the producer hands back a failed future and the transaction can only abort.
     * The step ends at once, so the records still to emit do not each wait {@link KafkaClients#CALL_TIMEOUT} for
     * metadata of a broker that is away (one step once chained eight such waits).
     */
    private void send(ProducerRecord<byte[], byte[]> record) {
        throwIfSendFailed();
        Future<RecordMetadata> sent = producer.send(record, (metadata, error) -> {
            if (error != null && failedSend == null) {
                failedSend = error;
            }
        });
        if (sent.isDone()) {
            try {
                sent.get();
            } catch (ExecutionException e) {
                failedSend = e.getCause() instanceof Exception cause ? cause : e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throwIfSendFailed();
    }

    private void throwIfSendFailed() {
        Exception failed = failedSend;
        if (failed != null) {
            throw new KafkaException("a send of the open transaction failed (" + Failures.rootMessage(failed)
                    + "); it is aborted and its records consumed again", failed);
        }
    }

    boolean isOpen() {
        return open;
    }

    boolean openLongerThan(Duration interval) {
        return open && System.nanoTime() - openedAt >= interval.toNanos();
    }

    /**
     * True when the last commit failed in a way that may have committed it after all (it timed out): only the
     * broker's committed offsets then say where to resume.
     */
    boolean commitOutcomeUnknown() {
        return commitOutcomeUnknown;
    }

    /** Once recovery has read the committed offsets, the last commit's outcome is known again. */
    void outcomeKnown() {
        commitOutcomeUnknown = false;
    }

    /** The one record of the open transaction, or null when it holds none or several. */
    RecordOrigin soleRecord() {
        return records.size() == 1 ? records.get(0) : null;
    }

    /** Commits the outputs and the consumed offsets as one; the group metadata fences a zombie group member. */
    void commit(ConsumerGroupMetadata group) {
        if (!open) {
            return;
        }
        throwIfSendFailed();
        producer.sendOffsetsToTransaction(offsets, group);
        commitOutcomeUnknown = true; // until commitTransaction returns: a timeout may hide a commit that happened
        producer.commitTransaction();
        commitOutcomeUnknown = false;
        open = false;
        metrics.transactionsCommitted.increment();
        long now = System.currentTimeMillis();
        for (long timestamp : timestamps) {
            metrics.endToEndLatency.record(Duration.ofMillis(Math.max(0, now - timestamp)));
        }
        clear();
    }

    /**
     * Nothing of the open transaction becomes visible; its records must be consumed again. A producer that cannot
     * abort is replaced ({@link #init} then makes the new one): the new one's initialisation ends the transaction.
     */
    void abort() {
        clear();
        if (!open) {
            return;
        }
        open = false;
        metrics.transactionsAborted.increment();
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            if (FailurePolicy.stopsTheLoop(e)) {
                throw e; // a new producer would be fenced or refused just the same
            }
            LOG.warn("the transaction could not be aborted ({}); replacing the producer, which aborts it",
                    Failures.rootMessage(e));
            replace();
        }
    }

    /** Drops the producer; the next {@link #init} creates a new one with the same transactional id. */
    void replace() {
        open = false;
        clear();
        closeQuietly(Duration.ZERO);
        producer = null;
        initialized = false;
    }

    private void clear() {
        failedSend = null;
        offsets.clear();
        records.clear();
        timestamps.clear();
    }

    void close() {
        closeQuietly(Duration.ofSeconds(5));
    }

    private void closeQuietly(Duration timeout) {
        if (producer == null) {
            return;
        }
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.warn("closing the producer: {}", e.toString());
        }
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return Objects.requireNonNullElse(HeaderValues.text(record.headers(), name), "");
    }
}
