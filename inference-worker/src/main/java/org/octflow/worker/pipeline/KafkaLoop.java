package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.worker.batching.DynamicBatcher;
import org.octflow.worker.metrics.WorkerMetrics;
import org.octflow.runtime.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Consume-transform-produce with Kafka transactions: predictions, dead letters and the consumed offsets of a group of
 * records commit together, so each scan yields exactly one committed prediction even when a worker dies. Records are
 * emitted in consumption order; a transaction closes after {@code commitInterval} or as soon as the worker is idle.
 * Kafka being away never ends the loop: it aborts, rewinds to the last commit and retries with backoff until Kafka is
 * back. Only a fatal state (fenced by a newer worker with the same id, refused credentials or rights) stops it.
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

    /** Kafka never answered at start: a setting is wrong, and no retry will fix it. */
    static final class KafkaUnreachableException extends RuntimeException {
        KafkaUnreachableException(String message) {
            super(message);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLoop.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    private static final Duration BUSY_POLL = Duration.ofMillis(2);
    /** Each Kafka call of a recovery attempt waits at most this long before the attempt is retried. */
    private static final Duration KAFKA_CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STILL_DOWN_LOG_EVERY = Duration.ofMinutes(1);
    private static final Duration CONNECTION_CHECK_EVERY = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final TransactionalEmitter emitter;
    private final DynamicBatcher<ScanWork> batcher;
    private final RecordIntake intake;
    private final WorkerMetrics metrics;
    private final Settings settings;
    private final LoopHealth health;
    private final PoisonGuard poison = new PoisonGuard(2, 2);

    private final ArrayDeque<ConsumedRecord> inFlight = new ArrayDeque<>();
    /** Per partition, the first record taken since the last commit: where to resume if the transaction fails. */
    private final Map<TopicPartition, Long> uncommittedFrom = new HashMap<>();
    // Written by the Kafka thread only; volatile so /metrics reads a current value.
    private volatile int queuedScans;
    private volatile boolean paused;
    private volatile boolean stopRequested;
    /** A transaction failed while Kafka answered and nothing has committed since: records still wait. */
    private boolean failedSinceCommit;
    private long lastConnectionCheck;
    private long disconnectedSince;
    private volatile Throwable failure;

    public KafkaLoop(Consumer<byte[], byte[]> consumer, Supplier<Producer<byte[], byte[]>> producers,
                     DynamicBatcher<ScanWork> batcher, RecordIntake intake, ModelRegistry registry,
                     WorkerMetrics metrics, Settings settings, LoopHealth health) {
        this.consumer = consumer;
        this.emitter = new TransactionalEmitter(producers, registry, metrics, settings.workerId());
        this.batcher = batcher;
        this.intake = intake;
        this.metrics = metrics;
        this.settings = settings;
        this.health = health;
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
        return queuedScans;
    }

    public boolean isPaused() {
        return paused;
    }

    @Override
    public void run() {
        try {
            connect();
            consumer.subscribe(List.of(Topics.SCANS), new Rebalance());
            while (!stopRequested) {
                try {
                    applyBackpressure();
                    var records = consumer.poll(inFlight.isEmpty() ? IDLE_POLL : BUSY_POLL);
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        take(record);
                    }
                    health.polled(!inFlight.isEmpty() || emitter.isOpen() || failedSinceCommit);
                    watchConnections();
                    step();
                } catch (RuntimeException e) {
                    if (isFatal(e)) {
                        throw e;
                    }
                    recover(e instanceof CommitFailedException
                            ? "this worker lost its partitions while committing (" + e.getMessage() + ")"
                            : "a Kafka call failed (" + describe(e) + ")", e);
                }
            }
            LOG.info("stopping: finishing {} records in flight", inFlight.size());
            if (finishInFlight()) {
                tryCommitAtShutdown();
            } else {
                LOG.warn("the records in flight did not finish within {} s; they will be consumed again",
                        settings.shutdownTimeout().toSeconds());
                emitter.abort();
            }
            health.stopped("shut down");
        } catch (RuntimeException | Error e) {
            failure = e;
            String why = fatalReason(e);
            health.stopped(why);
            if (isFatal(e)) {
                LOG.error("stopping: {}", why);
            } else {
                LOG.error("stopping: the Kafka loop failed", e);
            }
        } finally {
            closeQuietly();
        }
    }

    /**
     * An idle loop makes no Kafka call that could fail, so the consumer's connections tell whether Kafka is there
     * (a polling consumer keeps its connections to the brokers it fetches from open).
     */
    private void watchConnections() {
        long now = System.nanoTime();
        if (now - lastConnectionCheck < CONNECTION_CHECK_EVERY.toNanos()) {
            return;
        }
        lastConnectionCheck = now;
        boolean connected = consumer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("connection-count") && e.getKey().group().equals("consumer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .anyMatch(count -> count > 0);
        if (connected) {
            disconnectedSince = 0;
        } else if (disconnectedSince == 0) {
            disconnectedSince = now;
        }
        health.disconnected(disconnectedSince == 0 ? Duration.ZERO : Duration.ofNanos(now - disconnectedSince));
    }

    /** Initialises the transactional producer, retrying while Kafka is away. */
    private void connect() {
        long started = System.nanoTime();
        retryUntilKafkaAnswers("connecting to Kafka", () -> {
            try {
                emitter.init();
            } catch (RuntimeException e) {
                if (!settings.startTimeout().isZero()
                        && System.nanoTime() - started > settings.startTimeout().toNanos() && !isFatal(e)) {
                    throw new KafkaUnreachableException("Kafka did not answer in " + settings.startTimeout().toSeconds()
                            + " s since start (" + describe(e) + "): check --bootstrap-servers and the client's"
                            + " security.protocol (a TLS listener drops a plaintext client without an answer)");
                }
                throw e;
            }
        });
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        uncommittedFrom.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
        RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset());
        int attempts = poison.poisonAttempts(origin);
        if (attempts > 0) {
            String reason = "no outcome of record " + origin + " could be committed in " + attempts + " transactions"
                    + " of its own while Kafka answered; it was set aside: see the worker log for the error";
            LOG.error("{} (the dead letter holds its headers and a digest; the value stays at its origin)", reason);
            poison.setAside(origin);
            inFlight.addLast(ConsumedRecord.setAside(record, reason));
            metrics.recordsIn.increment();
            return;
        }
        RecordIntake.Accepted accepted = intake.accept(record);
        metrics.recordsIn.increment();
        metrics.scansIn.increment(accepted.record().scanCount());
        inFlight.addLast(accepted.record());
        queuedScans += accepted.record().scanCount();
        batcher.addAll(accepted.work());
    }

    /** Emits what is complete and closes the transaction when it is due. */
    private void step() {
        emitCompleted();
        if (emitter.isOpen() && (inFlight.isEmpty() || emitter.openLongerThan(settings.commitInterval()))) {
            commit();
        }
    }

    private void emitCompleted() {
        while (!inFlight.isEmpty() && inFlight.peekFirst().isComplete()) {
            ConsumedRecord done = inFlight.pollFirst();
            queuedScans -= done.scanCount();
            emitter.emit(done);
            if (poison.isolating()) {
                commit(); // one record per transaction, so a failing one is found
            }
        }
    }

    private void commit() {
        emitter.commit(consumer.groupMetadata());
        uncommittedFrom.clear();
        for (ConsumedRecord waiting : inFlight) {
            uncommittedFrom.putIfAbsent(waiting.partition(), waiting.record().offset());
        }
        poison.committed();
        failedSinceCommit = false;
        health.committed(!inFlight.isEmpty());
    }

    /**
     * Throws away the open transaction and everything in flight, and rewinds every assigned partition to its last
     * committed offset: those records are consumed again, so nothing is lost and nothing is committed twice. While
     * Kafka does not answer this retries, with backoff, for as long as it takes.
     */
    private void recover(String why, RuntimeException cause) {
        if (!isOutage(cause)) {
            poison.failed(emitter.soleRecord());
            failedSinceCommit = true;
        }
        LOG.warn("aborting the transaction and re-consuming from the last commit: {}", why);
        discardInFlight();
        retryUntilKafkaAnswers("recovering from the failed transaction", () -> {
            emitter.abort();
            emitter.init();
            rewind(consumer.assignment());
        });
    }

    /**
     * Seeks every partition back to its first record not yet committed. Known locally, unless a commit timed out:
     * then it may have gone through, and only the group's committed offsets tell (the new producer's initialisation
     * has by then completed or aborted it).
     */
    private void rewind(Set<TopicPartition> partitions) {
        if (emitter.commitOutcomeUnknown()) {
            rewindToCommitted(partitions);
            emitter.outcomeKnown();
        } else {
            for (TopicPartition partition : partitions) {
                Long first = uncommittedFrom.get(partition);
                if (first != null) {
                    consumer.seek(partition, first);
                }
            }
        }
        uncommittedFrom.clear(); // what is taken again is tracked again
    }

    /** Runs {@code attempt} until it succeeds, stop is requested, or a fatal error is thrown. */
    private void retryUntilKafkaAnswers(String what, Runnable attempt) {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
        long started = System.nanoTime();
        long lastLog = 0;
        int failures = 0;
        while (true) {
            try {
                attempt.run();
                health.kafkaReachable();
                if (failures > 0) {
                    LOG.info("Kafka answers again after {} s; consuming from the last commit", seconds(started));
                }
                return;
            } catch (RuntimeException e) {
                if (isFatal(e)) {
                    throw e;
                }
                failures++;
                health.kafkaFailed(describe(e));
                Duration wait = backoff.next();
                if (failures == 1 || System.nanoTime() - lastLog > STILL_DOWN_LOG_EVERY.toNanos()) {
                    LOG.warn("{}: Kafka does not answer for {} s ({}); retrying every {} s until it does", what,
                            seconds(started), describe(e), Math.max(1, wait.toSeconds()));
                    lastLog = System.nanoTime();
                }
                if (stopRequested) {
                    return;
                }
                sleep(wait);
            }
        }
    }

    private void discardInFlight() {
        inFlight.forEach(ConsumedRecord::discard);
        inFlight.clear();
        batcher.drain();
        queuedScans = 0;
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

    /** Waits (bounded) until every record in flight has all its outcomes, and emits them. */
    private boolean finishInFlight() {
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
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

    private void tryCommitAtShutdown() {
        try {
            commit();
        } catch (RuntimeException e) {
            if (isFatal(e)) {
                throw e;
            }
            LOG.warn("the last commit failed ({}); its records will be consumed again", describe(e));
            emitter.abort();
        }
    }

    /** Pauses fetching while too many scans wait, so memory stays bounded; resumes at half. */
    private void applyBackpressure() {
        int max = settings.maxQueuedScans();
        if (!paused && queuedScans >= max) {
            consumer.pause(consumer.assignment());
            paused = true;
            metrics.consumptionPauses.increment();
        } else if (paused && queuedScans <= max / 2) {
            consumer.resume(consumer.paused());
            paused = false;
        } else if (paused) {
            consumer.pause(consumer.assignment()); // partitions assigned while paused
        }
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

    /** Errors no retry can fix: another worker took this one's identity, or Kafka refuses its credentials or rights. */
    static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException
                    || t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof UnsupportedVersionException) {
                return true;
            }
        }
        return e instanceof KafkaUnreachableException
                || !(e instanceof KafkaException) && !(e instanceof IllegalStateException);
    }

    /** A timeout or other retriable error: Kafka is away, which is no fault of the records. */
    private static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static String fatalReason(Throwable e) {
        if (e instanceof KafkaUnreachableException) {
            return e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException) {
                return "another worker with the same worker id took over (" + t.getMessage() + "): give every"
                        + " worker a unique --worker-id";
            }
            if (t instanceof AuthenticationException) {
                return "Kafka refused this worker's credentials or TLS handshake (" + t.getMessage() + "): check the"
                        + " Kafka client settings (security.protocol, sasl.jaas.config, ssl.truststore.*)";
            }
            if (t instanceof AuthorizationException) {
                return "Kafka refused an operation (" + t.getMessage() + "): the worker's principal needs read on "
                        + Topics.SCANS + " and its group, write on the predictions and dead-letter topics, and"
                        + " its transactional id";
            }
            if (t instanceof UnsupportedVersionException) {
                return "the Kafka cluster is too old for transactions (" + t.getMessage() + ")";
            }
        }
        return describe(e);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
    }

    private static long seconds(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
                } catch (RuntimeException e) {
                    if (isFatal(e)) {
                        throw e;
                    }
                    LOG.warn("commit before revocation failed: {}", describe(e));
                }
            }
            LOG.warn("partitions {} were revoked before their work could be committed; it will be redone", partitions);
            discardInFlight();
            emitter.abort();
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(partitions);
            rewindQuietly(kept);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("partitions lost: {}; their uncommitted work will be redone by their new owner", partitions);
            discardInFlight();
            emitter.abort();
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(partitions);
            rewindQuietly(kept);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("partitions assigned: {}", partitions);
            }
        }

        /** A rewind that fails here leaves positions past uncommitted work: the next recovery rewinds them. */
        private void rewindQuietly(Set<TopicPartition> partitions) {
            try {
                rewind(partitions);
            } catch (RuntimeException e) {
                if (isFatal(e)) {
                    throw e;
                }
                LOG.warn("could not rewind {} ({}); abandoning the open transaction's producer", partitions,
                        describe(e));
                emitter.replace();
                throw e;
            }
        }
    }
}
