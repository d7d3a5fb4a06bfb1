package org.octflow.gateway.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;
import org.octflow.contracts.Headers;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.kafka.BackgroundLoop;
import org.octflow.gateway.kafka.KafkaClients;
import org.octflow.gateway.kafka.TopicBootstrap;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains the outbox to Kafka on its own thread. Rows are locked (SKIP LOCKED, so several gateways can share one
 * database), sent, and marked sent in the same transaction; if a send fails the transaction rolls back and the rows
 * go again later. A crash after the send but before the commit re-sends: at-least-once, which is fine because
 * workers and the prediction store are idempotent per scan id.
 */
@ApplicationScoped
public class OutboxPublisher {
    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final KafkaClients kafka;
    private final TopicBootstrap topics;
    private final EntityManager entityManager;
    private final GatewayConfig.Outbox settings;
    private final Clock clock;
    private final Counter published;
    private final AtomicLong unsent = new AtomicLong();
    private final Semaphore wakeUp = new Semaphore(0);
    private final BackgroundLoop loop;

    public OutboxPublisher(KafkaClients kafka, TopicBootstrap topics, EntityManager entityManager, GatewayConfig config, Clock clock,
                           MeterRegistry registry) {
        this.kafka = kafka;
        this.topics = topics;
        this.entityManager = entityManager;
        this.settings = config.outbox();
        this.clock = clock;
        this.loop = new BackgroundLoop("octflow-outbox-publisher", this::run, wakeUp::release, Duration.ofSeconds(40));
        this.published = Counter.builder("octflow.gateway.outbox.published")
                .description("ScanBatch records published from the outbox").register(registry);
        Gauge.builder("octflow.gateway.outbox.unsent", unsent, AtomicLong::get)
                .description("Outbox rows not yet published, as of the publisher's last look").register(registry);
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
        try (KafkaProducer<String, byte[]> producer = kafka.outboxProducer()) {
            while (loop.running()) {
                try {
                    if (!topics.ensureTopics()) {
                        throw new IllegalStateException("the topics are not there yet");
                    }
                    int sent = drainOnce(producer);
                    backoff = settings.pollInterval();
                    if (sent < settings.batchSize()) {
                        wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                        wakeUp.drainPermits();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.warnf("outbox: could not publish to Kafka at %s (%s); the rows stay unsent, retrying in %d ms",
                            kafka.bootstrapServers(), rootMessage(e), backoff.toMillis());
                    sleepQuietly(backoff);
                    backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
                }
            }
        }
    }

    /** Publishes up to one batch of unsent rows; returns how many were sent. */
    int drainOnce(Producer<String, byte[]> producer) {
        return QuarkusTransaction.requiringNew().timeout(60).call(() -> {
            @SuppressWarnings("unchecked")
            List<OutboxMessage> rows = entityManager.createNativeQuery(
                    "SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED",
                    OutboxMessage.class).setParameter("limit", settings.batchSize()).getResultList();
            if (rows.isEmpty()) {
                unsent.set(0);
                return 0;
            }
            List<Future<RecordMetadata>> sends = new ArrayList<>(rows.size());
            for (OutboxMessage row : rows) {
                sends.add(producer.send(toRecord(row)));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
            var now = clock.instant();
            rows.forEach(row -> row.sentAt = now);
            published.increment(rows.size());
            unsent.set(OutboxMessage.unsent()); // the query flushes first, so the rows just sent are not counted
            LOG.debugf("outbox: published %d record(s)", rows.size());
            return rows.size();
        });
    }

    private static ProducerRecord<String, byte[]> toRecord(OutboxMessage row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.recordKey, row.payload);
        record.headers().add(Headers.MESSAGE_TYPE, row.messageType.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.SCHEMA_VERSION, Headers.SCHEMA_VERSION_1.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void sleepQuietly(Duration duration) {
        try {
            wakeUp.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
