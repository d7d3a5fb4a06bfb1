package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.octflow.contracts.kafka.KafkaFailure;
import org.octflow.worker.batching.DynamicBatcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work taken since the last commit and what becomes of it: each record is emitted into the open transaction once
 * every scan has an outcome, in consumption order, and committed with its offsets; or, when a transaction fails or
 * partitions move, all of it is given up and the partitions are rewound, so those records are consumed again and
 * nothing is lost or committed twice.
 */
final class UncommittedWork {
    /** Each Kafka call of a rewind waits at most this long before the attempt is retried. */
    private static final Duration KAFKA_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final TransactionalEmitter emitter;
    private final DynamicBatcher<ScanWork> batcher;
    private final PoisonGuard poison;
    private final LoopHealth health;
    private final InFlightRecords inFlight = new InFlightRecords();
    /** A transaction failed while Kafka answered and nothing has committed since: records still wait. */
    private boolean failedSinceCommit;

    UncommittedWork(Consumer<byte[], byte[]> consumer, TransactionalEmitter emitter, DynamicBatcher<ScanWork> batcher,
                    PoisonGuard poison, LoopHealth health) {
        this.consumer = consumer;
        this.emitter = emitter;
        this.batcher = batcher;
        this.poison = poison;
        this.health = health;
    }

    /** See {@link InFlightRecords#taking}. */
    void taking(TopicPartition partition, long offset) {
        inFlight.taking(partition, offset);
    }

    /** A record taken, and those of its scans that go to the model. */
    void add(ConsumedRecord record, List<ScanWork> work) {
        inFlight.add(record);
        batcher.addAll(work);
    }

    /** Emits what is complete and closes the transaction when it is due: idle, or open for {@code interval}. */
    void step(Duration interval) {
        emitCompleted();
        if (emitter.isOpen() && (inFlight.isEmpty() || emitter.openLongerThan(interval))) {
            commit();
        }
    }

    /** Commits what is emitted, with its offsets, as one. */
    void commit() {
        emitter.commit(consumer.groupMetadata());
        inFlight.committed();
        poison.committed();
        failedSinceCommit = false;
        health.committed(!inFlight.isEmpty());
    }

    /** Waits, at most {@code timeout}, until every record in flight has all its outcomes, and emits them. */
    boolean finish(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            emitCompleted();
            if (inFlight.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(1));
        }
    }

    /**
     * The open transaction failed: unless Kafka was merely away, it counts against its records, so one that keeps
     * failing is found ({@link PoisonGuard}).
     */
    void failed(KafkaFailure failure) {
        if (!failure.is(KafkaFailure.Kind.OUTAGE)) {
            poison.failed(emitter.soleRecord());
            failedSinceCommit = true;
        }
    }

    /**
     * Throws away the records in flight, their queued scans and the open transaction; they are consumed again once
     * their partitions are {@link #rewind rewound}. Safe to repeat.
     */
    void giveUp() {
        inFlight.discard();
        batcher.drain();
        emitter.abort();
    }

    /**
     * Seeks each partition back to its first record not yet committed. Known locally, unless a commit timed out: then
     * it may have gone through, and only the group's committed offsets tell (a new producer's initialisation has by
     * then completed or aborted it).
     */
    void rewind(Set<TopicPartition> partitions) {
        if (emitter.commitOutcomeUnknown()) {
            rewindToCommitted(partitions);
            emitter.outcomeKnown();
        } else {
            for (TopicPartition partition : partitions) {
                Long first = inFlight.resumeFrom(partition);
                if (first != null) {
                    consumer.seek(partition, first);
                }
            }
        }
        inFlight.rewound();
    }

    /** Drops the producer, which may hold a transaction of unknown outcome; the next initialisation settles it. */
    void abandonProducer() {
        emitter.replace();
    }

    /** Records taken, emitted or failed and not yet committed: they wait for a commit. */
    boolean isWaiting() {
        return !inFlight.isEmpty() || emitter.isOpen() || failedSinceCommit;
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    int recordsInFlight() {
        return inFlight.size();
    }

    int queuedScans() {
        return inFlight.queuedScans();
    }

    private void emitCompleted() {
        for (ConsumedRecord done = inFlight.pollCompleted(); done != null; done = inFlight.pollCompleted()) {
            emitter.emit(done);
            if (poison.isolating()) {
                commit(); // one record per transaction, so a failing one is found
            }
        }
    }

    private void rewindToCommitted(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, KAFKA_CALL_TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
