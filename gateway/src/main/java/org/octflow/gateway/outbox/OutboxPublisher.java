package org.octflow.gateway.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import org.octflow.contracts.Failures;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.config.Instance;
import org.octflow.gateway.kafka.BackgroundLoop;
import org.octflow.gateway.kafka.KafkaClients;
import org.octflow.gateway.kafka.KafkaRefusals;
import org.octflow.gateway.kafka.TopicBootstrap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains the outbox to Kafka on its own thread, without ever holding a database transaction while Kafka answers:
 * rows are claimed for a lease in one short transaction, sent by an idempotent producer that keeps retrying (through
 * a broker outage, with the same sequence numbers, so the broker drops repeats), and marked sent in another short
 * transaction once acknowledged. A row Kafka acknowledged is never sent again, even if marking it has to wait for the
 * database. A row claimed again after its gateway died (or its lease ran out) is first looked for on the scans topic
 * ({@link PublishedBatches}), so an acknowledged send is not repeated after a crash either. A row can go out twice
 * only if an outage outlasts the producer's delivery timeout, or a crashed row is older than the look-back; storage
 * downstream is idempotent per scan id.
 */
@ApplicationScoped
public class OutboxPublisher {
    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final String CLIENT = "outbox publisher";
    /** Rows (and bytes) sent but not yet acknowledged: bounds the producer's buffer and the memory held. */
    private static final int MAX_IN_FLIGHT_ROWS = 500;
    private static final long MAX_IN_FLIGHT_BYTES = 16L << 20;

    private final KafkaClients kafka;
    private final TopicBootstrap topics;
    private final KafkaRefusals refusals;
    private final OutboxRows rows;
    private final PublishedBatches publishedBatches;
    private final GatewayConfig.Outbox settings;
    private final String instance;
    private final String owner;
    private final Counter published;
    private final AtomicLong unsent = new AtomicLong();
    private final Semaphore wakeUp = new Semaphore(0);
    private final BackgroundLoop loop;

    private final Map<Long, OutboxMessage> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<OutboxMessage> toResend = new ConcurrentLinkedQueue<>();
    /** Claimed again after an earlier claim that never marked them: checked against the topic before sending. */
    private final List<OutboxMessage> toVerify = new ArrayList<>();
    /** Acknowledged but not yet marked sent (the database may be away): the loop thread's own. */
    private final Set<Long> toMark = new HashSet<>();
    private long lastRenewal;

    public OutboxPublisher(KafkaClients kafka, TopicBootstrap topics, OutboxRows rows,
                           PublishedBatches publishedBatches, GatewayConfig config, Instance instance,
                           KafkaRefusals refusals, MeterRegistry registry) {
        this.kafka = kafka;
        this.refusals = refusals;
        this.publishedBatches = publishedBatches;
        this.topics = topics;
        this.rows = rows;
        this.settings = config.outbox();
        this.instance = instance.id();
        // One owner per run: rows an earlier run of this instance held are taken back at once after a restart.
        this.owner = instance.id() + "/" + UUID.randomUUID();
        this.loop = new BackgroundLoop("octflow-outbox-publisher", this::run, wakeUp::release, Duration.ofSeconds(40));
        this.published = Counter.builder("octflow.gateway.outbox.published")
                .description("ScanBatch records published from the outbox").register(registry);
        Gauge.builder("octflow.gateway.outbox.unsent", unsent, AtomicLong::get)
                .description("Outbox rows not yet marked sent, as of the publisher's last look").register(registry);
        Gauge.builder("octflow.gateway.outbox.in.flight", inFlight, Map::size)
                .description("Outbox rows sent to Kafka and not yet acknowledged").register(registry);
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (settings.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Wakes the publisher as soon as a submission commits, instead of at the next poll. */
    void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wakeUp.release();
    }

    public void start() {
        loop.start();
    }

    /** Stops sending; unsent rows stay in the outbox for the next start, here or in another gateway. */
    public void stop() {
        loop.stop();
    }

    public boolean isRunning() {
        return loop.isAlive();
    }

    private void run() {
        Duration backoff = settings.pollInterval();
        KafkaProducer<byte[], byte[]> producer = kafka.outboxProducer();
        try {
            while (loop.running()) {
                boolean more;
                try {
                    markAcknowledged();
                    renewLeases();
                    more = sendMore(producer);
                    backoff = settings.pollInterval();
                } catch (DatabaseUnavailable e) {
                    LOG.warnf("outbox: the database is unavailable (%s); accepted scans stay in the outbox and"
                            + " acknowledged sends wait to be marked; retrying in %d ms", e.getMessage(), backoff.toMillis());
                    more = false;
                    backoff = pause(backoff);
                } catch (KafkaUnavailable e) {
                    // A refusal was said once, in one line, when it came; an outage is said at each retry.
                    boolean refused = e.getCause() != null ? refusals.record(CLIENT, e.getCause())
                            : refusals.isRefused(CLIENT);
                    if (!refused) {
                        LOG.warnf("outbox: could not publish to Kafka at %s (%s); the rows stay unsent, retrying in"
                                + " %d ms", kafka.bootstrapServers(), e.getMessage(), backoff.toMillis());
                    }
                    more = false;
                    backoff = pause(backoff);
                }
                if (!more) {
                    awaitWakeUp(settings.pollInterval());
                }
            }
        } finally {
            finish(producer);
        }
    }

    /** Sends what waits to be sent again, then claims and sends new rows; true when more may be waiting. */
    private boolean sendMore(KafkaProducer<byte[], byte[]> producer) {
        List<OutboxMessage> again = new ArrayList<>();
        for (OutboxMessage row; (row = toResend.poll()) != null; ) {
            again.add(row);
        }
        for (OutboxMessage row : again) {
            send(producer, row);
        }
        if (!toResend.isEmpty()) {
            // Failed again at once (no metadata: Kafka is away): back off, and keep the leases renewed meanwhile.
            throw new KafkaUnavailable(toResend.size() + " row(s) could not be sent again", null);
        }
        if (inFlight.size() >= MAX_IN_FLIGHT_ROWS || inFlightBytes.get() >= MAX_IN_FLIGHT_BYTES) {
            return false;
        }
        if (!topics.ensureTopics()) {
            throw new KafkaUnavailable("the topics are not there yet", null);
        }
        List<OutboxMessage> claimed = new ArrayList<>(database(() -> rows.claim(instance, owner,
                settings.batchSize(), settings.lease())));
        int claimedCount = claimed.size();
        claimed.stream().filter(row -> row.attempts > 1).forEach(toVerify::add);
        claimed.removeIf(row -> row.attempts > 1);
        verifyClaimedBefore();
        for (int i = 0; i < claimed.size(); i++) {
            OutboxMessage row = claimed.get(i);
            send(producer, row);
            if (!toResend.isEmpty()) {
                // Kafka is away: the rest waits (still claimed, leases renewed) instead of blocking one by one.
                toResend.addAll(claimed.subList(i + 1, claimed.size()));
                throw new KafkaUnavailable("Kafka did not take row " + row.id, null);
            }
        }
        return claimedCount == settings.batchSize();
    }

    /**
     * Rows claimed before (their gateway died, or a lease ran out) may be on the scans topic already: those found
     * there are marked sent without sending; the others are sent now.
     */
    private void verifyClaimedBefore() {
        if (toVerify.isEmpty()) {
            return;
        }
        Set<String> published;
        try {
            published = publishedBatches.find(toVerify);
        } catch (RuntimeException e) {
            throw new KafkaUnavailable("could not check " + toVerify.size() + " row(s) claimed before against the"
                    + " scans topic: " + Failures.rootMessage(e), e);
        }
        for (OutboxMessage row : toVerify) {
            if (published.contains(row.recordKey)) {
                LOG.infof("outbox: row %d (batch %s) was published by an earlier claim; marking it sent", row.id,
                        row.recordKey);
                acknowledged.add(row.id);
            } else {
                toResend.add(row);
            }
        }
        toVerify.clear();
    }

    private void send(KafkaProducer<byte[], byte[]> producer, OutboxMessage row) {
        inFlight.put(row.id, row);
        inFlightBytes.addAndGet(row.payload.length);
        ProducerRecord<byte[], byte[]> record = OutboxRecords.toRecord(row);
        try {
            producer.send(record, (metadata, error) -> onSent(row, error));
        } catch (RuntimeException e) {
            onSent(row, e);
            throw new KafkaUnavailable(Failures.rootMessage(e), e);
        }
    }

    /** On the producer's thread: an acknowledged row is marked sent next; a failed one is sent again. */
    private void onSent(OutboxMessage row, Exception error) {
        if (inFlight.remove(row.id) == null) {
            return;
        }
        inFlightBytes.addAndGet(-row.payload.length);
        if (error == null) {
            acknowledged.add(row.id);
            refusals.accepted(CLIENT);
        } else if (refusals.record(CLIENT, error)) {
            toResend.add(row);
        } else {
            LOG.warnf("outbox: Kafka did not take row %d (batch %s): %s; it is sent again", row.id, row.recordKey,
                    Failures.rootMessage(error));
            toResend.add(row);
        }
        wakeUp.release();
    }

    private void markAcknowledged() {
        for (Long id; (id = acknowledged.poll()) != null; ) {
            toMark.add(id);
        }
        if (toMark.isEmpty()) {
            return;
        }
        database(() -> {
            rows.markSent(toMark);
            return null;
        });
        published.increment(toMark.size());
        LOG.debugf("outbox: published %d record(s)", toMark.size());
        toMark.clear();
        unsent.set(database(rows::unsent));
    }

    /** Keeps the lease on rows this run still holds, so no other gateway sends them meanwhile. */
    private void renewLeases() {
        long now = System.nanoTime();
        if (now - lastRenewal < settings.lease().dividedBy(3).toNanos()) {
            return;
        }
        Set<Long> held = new HashSet<>(inFlight.keySet());
        toResend.forEach(row -> held.add(row.id));
        toVerify.forEach(row -> held.add(row.id));
        database(() -> {
            rows.renew(held, owner, settings.lease());
            return null;
        });
        lastRenewal = now;
        if (held.isEmpty()) {
            unsent.set(database(rows::unsent));
        }
    }

    /** At stop: lets in-flight sends finish, marks what was acknowledged, gives back what was never sent. */
    private void finish(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("outbox: closing the producer: %s", Failures.rootMessage(e));
        }
        try {
            markAcknowledged();
            List<Long> unsentIds = new ArrayList<>();
            toResend.forEach(row -> unsentIds.add(row.id));
            toResend.clear();
            toVerify.clear(); // kept claimed: their lease runs out and the next claim checks them again
            database(() -> {
                rows.release(unsentIds, owner);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warnf("outbox: could not record the last sends (%s); their rows are sent again after their lease",
                    Failures.rootMessage(e));
        }
        inFlight.clear();
        inFlightBytes.set(0);
    }

    private <T> T database(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw new DatabaseUnavailable(Failures.rootMessage(e), e);
        }
    }

    private Duration pause(Duration backoff) {
        awaitWakeUp(backoff);
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void awaitWakeUp(Duration atMost) {
        try {
            if (wakeUp.tryAcquire(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The outbox table could not be read or written. */
    private static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Kafka did not take a record. */
    private static final class KafkaUnavailable extends RuntimeException {
        KafkaUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
