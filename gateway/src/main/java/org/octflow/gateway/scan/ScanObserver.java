package org.octflow.gateway.scan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.octflow.contracts.Topics;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaFailure;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.records.ScanBatchRecords;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.kafka.BackgroundLoop;
import org.octflow.gateway.kafka.KafkaClients;
import org.octflow.gateway.kafka.KafkaRefusals;
import org.octflow.gateway.kafka.RecordStorage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads every ScanBatch on the scans topic, in a group of its own, so that scans imaging systems send straight to
 * Kafka get what uploads get at upload: a preview and their site and device ({@link KafkaPathScans}). Offsets are
 * committed after the rows are, so a crash re-reads records (storing is idempotent) rather than missing them. A record
 * that is no ScanBatch is skipped and counted; nothing a record holds stops the loop.
 * <p>
 * A convenience, not the pipeline: Kafka refusing this group (a missing ACL) is logged once with what to grant and
 * does not make the gateway unready, unlike a refusal of the prediction consumer.
 */
@ApplicationScoped
public class ScanObserver {
    private static final Logger LOG = Logger.getLogger(ScanObserver.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration REFUSED_DELAY = Duration.ofSeconds(30);

    private final KafkaClients kafka;
    private final KafkaRefusals refusals;
    private final KafkaPathScans scans;
    private final boolean enabled;
    private final BackgroundLoop loop;
    private final Counter malformed;
    private final RecordStorage<byte[]> storage;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private String refusal;

    public ScanObserver(KafkaClients kafka, KafkaRefusals refusals, KafkaPathScans scans, GatewayConfig config,
                        MeterRegistry registry) {
        this.kafka = kafka;
        this.refusals = refusals;
        this.scans = scans;
        this.enabled = config.previews().kafkaPath();
        this.loop = new BackgroundLoop("octflow-scans-observer", this::run, this::wakeConsumer, Duration.ofSeconds(30));
        this.malformed = Counter.builder("octflow.gateway.scans.observed.malformed")
                .description("Records on the scans topic that were no ScanBatch: skipped by the observer")
                .register(registry);
        this.storage = new RecordStorage<>("scans observer", this::handle, RecordStorage.unstorableCounter(registry),
                RecordStorage.Progress.NONE);
    }

    void onStart(@Observes @Priority(31) StartupEvent event) {
        if (enabled) {
            loop.start();
        } else {
            LOG.info("octflow.previews.kafka-path is off: scans sent straight to Kafka get no preview, site or device");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.stop();
    }

    public boolean isRunning() {
        return loop.isAlive();
    }

    private void wakeConsumer() {
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        // Joins only once Kafka has answered the gateway's own clients: a plaintext client on a TLS listener reads the
        // TLS bytes as a response size and allocates it (KAFKA-4090); one more client doing so costs another such
        // buffer of heap, for a convenience.
        while (loop.running() && !refusals.answered()) {
            sleep(Duration.ofMillis(500));
        }
        if (!loop.running()) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> kafkaConsumer = kafka.scansObserver()) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(Topics.SCANS));
            while (loop.running()) {
                try {
                    ConsumerRecords<byte[], byte[]> records = kafkaConsumer.poll(Duration.ofMillis(500));
                    if (!records.isEmpty() || !kafkaConsumer.assignment().isEmpty()) {
                        accepted();
                    }
                    if (!records.isEmpty()) {
                        storage.handle(kafkaConsumer, records);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    sleep(kafkaFailed(e));
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to leave the poll
        } catch (RuntimeException e) {
            LOG.errorf(e, "scans observer stopped unexpectedly: scans sent straight to Kafka get no preview until the"
                    + " gateway restarts");
        } finally {
            consumer = null;
        }
    }

    /** Waits out an outage; a refusal is a setting to fix, said once, and looked at again now and then. */
    private Duration kafkaFailed(KafkaException e) {
        KafkaFailure failure = KafkaFailure.of(e, KafkaAccess.GATEWAY, "OCTFLOW_KAFKA_* or octflow.kafka.config-file");
        if (failure.is(KafkaFailure.Kind.REFUSED)) {
            if (!failure.reason().equals(refusal)) {
                refusal = failure.reason();
                String advice = refusesGroup(e) ? "grant the gateway's principal READ on group "
                        + kafka.scansObserverGroup() + " (it reads " + Topics.SCANS + " in that group of its own), or"
                        + " set octflow.previews.kafka-path=false" : "or set octflow.previews.kafka-path=false";
                LOG.errorf("scans observer: %s; %s. Scans sent straight to Kafka get no preview meanwhile (uploads are"
                        + " not affected, and the gateway stays ready)", failure.reason(), advice);
            }
            return REFUSED_DELAY;
        }
        LOG.warnf("scans observer: Kafka call failed (%s); retrying in %d s", e.toString(), RETRY_DELAY.toSeconds());
        return RETRY_DELAY;
    }

    private static boolean refusesGroup(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GroupAuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private void accepted() {
        if (refusal != null) {
            refusal = null;
            LOG.info("scans observer: Kafka accepts it again");
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        RecordOrigin origin = RecordOrigin.of(record);
        if (!(ScanBatchRecords.read(record) instanceof ScanBatchRecords.Batch read)) {
            // The reason is not logged: it may quote what the writer put in the record. The workers dead-letter it.
            malformed.increment();
            LOG.warnf("scans observer: %s is no ScanBatch: skipped (its dead letter says why)", origin);
            return;
        }
        int added = scans.keep(read.batch(), origin, Instant.ofEpochMilli(record.timestamp()));
        LOG.debugf("scans observer: %s: %d new preview(s)", origin, added);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
