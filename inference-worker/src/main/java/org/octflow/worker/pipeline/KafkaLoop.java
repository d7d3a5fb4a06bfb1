package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.octflow.contracts.Topics;
import org.octflow.worker.batching.DynamicBatcher;
import org.octflow.worker.metrics.WorkerMetrics;
import org.octflow.worker.model.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Consume-transform-produce with Kafka transactions: predictions, dead letters and the consumed offsets of a group of
 * records commit together, so each scan yields exactly one committed prediction even when a worker dies. Records are
 * emitted in consumption order; a transaction closes after {@code commitInterval} or as soon as the worker is idle.
 */
public final class KafkaLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(2);

    private final Consumer<byte[], byte[]> consumer;
    private final TransactionalEmitter emitter;
    private final DynamicBatcher<ScanWork> batcher;
    private final RecordIntake intake;
    private final WorkerMetrics metrics;
    private final int maxQueuedScans;
    private final Duration commitInterval;
    private final Duration shutdownTimeout;

    private final ArrayDeque<ConsumedRecord> inFlight = new ArrayDeque<>();
    // Written by the Kafka thread only; volatile so /metrics reads a current value.
    private volatile int queuedScans;
    private volatile boolean paused;
    private volatile boolean stopRequested;
    private volatile boolean consuming;
    private volatile Throwable failure;

    public KafkaLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                     DynamicBatcher<ScanWork> batcher, RecordIntake intake, ModelRegistry registry,
                     WorkerMetrics metrics, String workerId, int maxQueuedScans, Duration commitInterval,
                     Duration shutdownTimeout) {
        this.consumer = consumer;
        this.emitter = new TransactionalEmitter(producer, registry, metrics, workerId);
        this.batcher = batcher;
        this.intake = intake;
        this.metrics = metrics;
        this.maxQueuedScans = maxQueuedScans;
        this.commitInterval = commitInterval;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Asks the loop to stop taking records, finish what is in flight, commit and close. */
    public void stop() {
        stopRequested = true;
    }

    /** True once the loop has joined the group and polls. */
    public boolean isConsuming() {
        return consuming && !stopRequested && failure == null;
    }

    /** Why the loop stopped on its own, or null. */
    public Throwable failure() {
        return failure;
    }

    public int queuedScans() {
        return queuedScans;
    }

    public boolean isPaused() {
        return paused;
    }

    @Override
    public void run() {
        try {
            emitter.init();
            consumer.subscribe(List.of(Topics.SCANS), new Rebalance());
            while (!stopRequested) {
                applyBackpressure();
                var records = consumer.poll(inFlight.isEmpty() ? IDLE_POLL : BUSY_POLL);
                consuming = true;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    take(record);
                }
                step();
            }
            LOG.info("stopping: finishing {} records in flight", inFlight.size());
            if (finishInFlight()) {
                commit();
            } else {
                abortAndRewind("the records in flight did not finish within " + shutdownTimeout.toSeconds() + " s");
            }
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException e) {
            failure = e;
            LOG.error("stopping: the transactional producer cannot continue ({}); another worker with the same"
                    + " worker id may have taken over. Restart this worker with a unique --worker-id", e.toString());
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("stopping: the Kafka loop failed", e);
        } finally {
            consuming = false;
            closeQuietly();
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        RecordIntake.Accepted accepted = intake.accept(record);
        metrics.recordsIn.inc();
        metrics.scansIn.add(accepted.record().scanCount());
        inFlight.addLast(accepted.record());
        queuedScans += accepted.record().scanCount();
        batcher.addAll(accepted.work());
    }

    /** Emits what is complete and closes the transaction when it is due; an aborted one is consumed again. */
    private void step() {
        try {
            emitCompleted();
            if (emitter.isOpen() && (inFlight.isEmpty() || emitter.openLongerThan(commitInterval))) {
                commit();
            }
        } catch (CommitFailedException e) {
            abortAndRewind("this worker lost its partitions while committing (" + e.getMessage() + ")");
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | AuthorizationException | UnsupportedVersionException e) {
            throw e;
        } catch (KafkaException e) {
            abortAndRewind("a send or commit failed (" + e + ")");
        }
    }

    private void emitCompleted() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().isComplete()) {
            ConsumedRecord done = inFlight.pollFirst();
            queuedScans -= done.scanCount();
            emitter.emit(done);
        }
    }

    private void commit() {
        emitter.commit(consumer.groupMetadata());
    }

    /**
     * Throws away the open transaction and everything in flight, and rewinds every assigned partition to its last
     * committed offset: those records are consumed again, so nothing is lost and nothing is committed twice.
     */
    private void abortAndRewind(String why) {
        LOG.warn("aborting the transaction and re-consuming from the last commit: {}", why);
        discardInFlight();
        rewind(consumer.assignment());
    }

    private void discardInFlight() {
        emitter.abort();
        inFlight.forEach(ConsumedRecord::discard);
        inFlight.clear();
        batcher.drain();
        queuedScans = 0;
    }

    private void rewind(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    /** Waits (bounded) until every record in flight has all its outcomes, and emits them. */
    private boolean finishInFlight() {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        while (true) {
            emitCompleted();
            if (inFlight.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Pauses fetching while too many scans wait, so memory stays bounded; resumes at half. */
    private void applyBackpressure() {
        if (!paused && queuedScans >= maxQueuedScans) {
            consumer.pause(consumer.assignment());
            paused = true;
            metrics.consumptionPauses.inc();
        } else if (paused && queuedScans <= maxQueuedScans / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        } else if (paused) {
            consumer.pause(consumer.assignment()); // partitions assigned while paused
        }
    }

    private void closeQuietly() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer: {}", e.toString());
        }
        emitter.close();
    }

    /** Cooperative rebalancing: only revoked partitions stop; their work is finished and committed first. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("partitions revoked: {}; committing what is in flight", partitions);
            if (finishInFlight()) {
                try {
                    commit();
                    return;
                } catch (KafkaException e) {
                    if (e instanceof ProducerFencedException) {
                        throw e;
                    }
                    LOG.warn("commit before revocation failed: {}", e.toString());
                }
            }
            abortAndRewind("partitions " + partitions + " were revoked before their work could be committed");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("partitions lost: {}; their uncommitted work will be redone by their new owner", partitions);
            discardInFlight();
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(partitions);
            try {
                rewind(kept);
            } catch (KafkaException e) {
                LOG.warn("could not rewind {}: {}", kept, e.toString());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("partitions assigned: {}", partitions);
            }
        }
    }
}
