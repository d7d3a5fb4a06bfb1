package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.octflow.contracts.Topics;
import org.octflow.contracts.kafka.KafkaFailure;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.worker.batching.DynamicBatcher;
import org.octflow.worker.metrics.WorkerMetrics;
import org.octflow.runtime.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Consume-transform-produce with Kafka transactions: predictions, dead letters and the consumed offsets of a group of
 * records commit together, so each scan yields exactly one committed prediction even when a worker dies. The loop
 * polls, takes each record (to the model, or set aside as poison) and steps the {@link UncommittedWork}: emit what is
 * complete, commit when due. Its other duties each have a class: {@link Rebalancing}, {@link KafkaAvailability}
 * (retry until Kafka answers), {@link Backpressure}; {@link FailurePolicy} decides what a
 * failure means. A failed call aborts, rewinds to the last commit and retries until Kafka answers; only what someone
 * has to fix (refused credentials or rights, a newer worker with the same id, no answer at all since start) or an
 * {@link Error} stops it.
 */
public final class KafkaLoop implements Runnable {
    /**
     * How the loop is tuned; the worker's configuration fills it in.
     *
     * @param startTimeout how long the first connection may take before the worker gives up (zero: for ever): a
     *                     client that can never connect (plaintext to a TLS listener, a wrong address) must say so
     */
    public record Settings(String workerId, int maxQueuedScans, Duration commitInterval, Duration shutdownTimeout,
                           boolean leaveGroupOnClose, Duration startTimeout) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(2);
    /**
     * The most Kafka calls the loop makes in a row without telling {@link LoopHealth} it moved: a revocation inside a
     * poll commits (two calls), then gives up (an abort) and rewinds (the committed offsets).
     */
    private static final int MOST_CALLS_IN_A_ROW = 4;

    private final Consumer<byte[], byte[]> consumer;
    private final TransactionalEmitter emitter;
    private final RecordIntake intake;
    private final WorkerMetrics metrics;
    private final Settings settings;
    private final LoopHealth health;
    private final PoisonGuard poison = new PoisonGuard(2, 2);
    private final UncommittedWork work;
    private final KafkaAvailability availability;
    private final Backpressure backpressure;
    private volatile boolean stopRequested;
    private volatile Throwable failure;

    public KafkaLoop(Consumer<byte[], byte[]> consumer, Supplier<Producer<byte[], byte[]>> producers,
                     DynamicBatcher<ScanWork> batcher, RecordIntake intake, ModelRegistry registry,
                     WorkerMetrics metrics, Settings settings, LoopHealth health) {
        this.consumer = consumer;
        this.emitter = new TransactionalEmitter(producers, registry, metrics, settings.workerId());
        this.intake = intake;
        this.metrics = metrics;
        this.settings = settings;
        this.health = health;
        this.work = new UncommittedWork(consumer, emitter, batcher, poison, health);
        this.availability = new KafkaAvailability(health, () -> stopRequested);
        this.backpressure = new Backpressure(consumer, settings.maxQueuedScans(), metrics.consumptionPauses::increment);
    }

    /**
     * The longest one step of the loop may take without moving: waiting for the work in flight (at a revocation, at
     * most {@code shutdownTimeout}) and {@link #MOST_CALLS_IN_A_ROW} calls of at most {@link KafkaClients#CALL_TIMEOUT}
     * each, with one call's time to spare for a loaded machine. Liveness calls a loop that takes longer hung.
     */
    public static Duration longestStep(Duration shutdownTimeout) {
        return shutdownTimeout.plus(KafkaClients.CALL_TIMEOUT.multipliedBy(MOST_CALLS_IN_A_ROW + 1));
    }

    /** Asks the loop to stop taking records, finish what is in flight, commit and close. */
    public void stop() {
        stopRequested = true;
    }

    /** Why the loop stopped on its own, or null. */
    public Throwable failure() {
        return failure;
    }

    public int queuedScans() {
        return work.queuedScans();
    }

    public boolean isPaused() {
        return backpressure.isPaused();
    }

    @Override
    public void run() {
        try {
            availability.firstContact(emitter::init, settings.startTimeout());
            consumer.subscribe(List.of(Topics.SCANS), new Rebalancing(consumer, work, settings.shutdownTimeout()));
            while (!stopRequested) {
                try {
                    backpressure.apply(work.queuedScans());
                    var records = consumer.poll(work.isEmpty() ? IDLE_POLL : BUSY_POLL);
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        take(record);
                    }
                    health.polled(work.isWaiting());
                    work.step(settings.commitInterval());
                } catch (RuntimeException e) {
                    if (FailurePolicy.stopsTheLoop(e)) {
                        throw e;
                    }
                    recover(e);
                }
            }
            finishAtShutdown();
            health.stopped("shut down");
        } catch (RuntimeException | Error e) {
            failure = e;
            String why = FailurePolicy.stopReason(e);
            health.stopped(why);
            if (FailurePolicy.stopsTheLoop(e)) {
                LOG.error("stopping: {}", why); // says what to fix; a stack trace adds nothing
            } else {
                LOG.error("stopping: the Kafka loop failed: {}", why, e);
            }
        } finally {
            closeQuietly();
        }
    }

    /** To the model, or, when the record has failed its transactions alone too often, straight to the dead letters. */
    private void take(ConsumerRecord<byte[], byte[]> record) {
        work.taking(new TopicPartition(record.topic(), record.partition()), record.offset());
        metrics.recordsIn.increment();
        RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset());
        int attempts = poison.poisonAttempts(origin);
        if (attempts > 0) {
            String reason = "no outcome of record " + origin + " could be committed in " + attempts + " transactions"
                    + " of its own while Kafka answered; it was set aside: see the worker log for the error";
            LOG.error("{} (the dead letter holds its headers and a digest; the value stays at its origin)", reason);
            poison.setAside(origin);
            work.add(ConsumedRecord.setAside(record, reason), List.of());
            return;
        }
        RecordIntake.Accepted accepted = intake.accept(record);
        metrics.scansIn.increment(accepted.record().scanCount());
        work.add(accepted.record(), accepted.work());
    }

    /**
     * Gives up the open transaction and everything in flight, and rewinds every assigned partition to its first
     * uncommitted record: those records are consumed again, so nothing is lost and nothing is committed twice. While
     * Kafka does not answer this retries, with backoff, for as long as it takes.
     */
    private void recover(RuntimeException cause) {
        health.tick(); // the failed step ended: the recovery's own calls start a new stretch
        KafkaFailure failed = FailurePolicy.classify(cause);
        work.failed(failed);
        LOG.warn("aborting the transaction and re-consuming from the last commit: {}", failed.reason());
        availability.retryUntilAnswered("recovering from the failed transaction", () -> {
            work.giveUp();
            emitter.init();
            work.rewind(consumer.assignment());
        });
    }

    /** Finishes and commits what is in flight, within the shutdown timeout; what does not commit is redone later. */
    private void finishAtShutdown() {
        LOG.info("stopping: finishing {} records in flight", work.recordsInFlight());
        try {
            if (work.finish(settings.shutdownTimeout())) {
                work.commit();
                return;
            }
            LOG.warn("the records in flight did not finish within {} s; they will be consumed again",
                    settings.shutdownTimeout().toSeconds());
        } catch (RuntimeException e) {
            if (FailurePolicy.stopsTheLoop(e)) {
                throw e;
            }
            LOG.warn("the last commit failed ({}); its records will be consumed again",
                    FailurePolicy.classify(e).reason());
        }
        emitter.abort();
    }

    private void closeQuietly() {
        try {
            // A static member that leaves gives its partitions away at once (scale-down); one that stays gets them
            // back at once when it returns within the session timeout (a restart).
            consumer.close(CloseOptions.groupMembershipOperation(settings.leaveGroupOnClose()
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                    : CloseOptions.GroupMembershipOperation.DEFAULT).withTimeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer: {}", e.toString());
        }
        emitter.close();
    }
}
