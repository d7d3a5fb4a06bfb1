package org.octflow.gateway.prediction;

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
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.PredictionRecords;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.gateway.kafka.BackgroundLoop;
import org.octflow.gateway.kafka.KafkaClients;
import org.octflow.gateway.kafka.KafkaRefusals;
import org.octflow.gateway.kafka.RecordStorage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads predictions and dead letters on its own thread and hands them to the {@link PredictionStore}. Offsets are
 * committed only after the store's transaction commits, so a crash re-reads records rather than losing them.
 */
@ApplicationScoped
public class PredictionConsumer {
    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final String CLIENT = "prediction consumer";

    private final KafkaClients kafka;
    private final PredictionStore store;
    private final Counter unreadable;
    private final RecordStorage<String> storage;
    private final BackgroundLoop loop;
    private final StorageProgress progress;
    private final KafkaRefusals refusals;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public PredictionConsumer(KafkaClients kafka, PredictionStore store, StorageProgress progress,
                              KafkaRefusals refusals, MeterRegistry registry) {
        this.kafka = kafka;
        this.refusals = refusals;
        this.store = store;
        this.progress = progress;
        this.loop = new BackgroundLoop("octflow-prediction-consumer", this::run, this::wakeConsumer, Duration.ofSeconds(30));
        this.unreadable = Counter.builder("octflow.gateway.predictions.unreadable")
                .description("Prediction records skipped because they are not a PredictionBatch").register(registry);
        this.storage = new RecordStorage<>(CLIENT, this::handle, RecordStorage.unstorableCounter(registry),
                new RecordStorage.Progress() {
                    @Override
                    public void stored() {
                        progress.stored();
                    }

                    @Override
                    public void failed() {
                        progress.storageFailed();
                    }
                });
    }

    void onStart(@Observes @Priority(30) StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    public boolean isRunning() {
        return loop.isAlive();
    }

    /** Leaves a blocking poll at once, so that stop() need not wait for it. */
    private void wakeConsumer() {
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafkaConsumer = kafka.predictionConsumer()) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(Topics.PREDICTIONS, Topics.SCANS_DEAD_LETTER));
            while (loop.running()) {
                progress.tick();
                try {
                    ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(Duration.ofMillis(500));
                    // A poll returns empty without an answer too; partitions assigned mean the group took us in.
                    if (!records.isEmpty() || !kafkaConsumer.assignment().isEmpty()) {
                        refusals.accepted(CLIENT);
                    }
                    if (!records.isEmpty()) {
                        storage.handle(kafkaConsumer, records);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Kafka away or a rebalance: nothing is lost (offsets commit only after storage), so wait and go on.
                    // A refusal is logged once (a setting to fix), and retried in case somebody fixes the ACLs.
                    if (!refusals.record(CLIENT, e)) {
                        LOG.warnf("prediction consumer: Kafka call failed (%s); retrying in %d s", e.toString(),
                                RETRY_DELAY.toSeconds());
                    }
                    sleep(RETRY_DELAY);
                }
            }
        } catch (WakeupException e) {
            // stop() asked us to leave the poll
        } catch (RuntimeException e) {
            LOG.errorf(e, "prediction consumer stopped unexpectedly; restart the gateway (liveness reports it)");
        } finally {
            consumer = null;
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (Topics.SCANS_DEAD_LETTER.equals(record.topic())) {
            DeadLetter letter = DeadLetter.of(record);
            int failed = store.recordFailure(letter, record.partition(), record.offset(),
                    Instant.ofEpochMilli(record.timestamp()));
            LOG.debugf("dead letter for batch %s (%s): %d scan(s) marked FAILED", letter.batchId(), letter.code(), failed);
            return;
        }
        var parsed = PredictionRecords.read(record.value());
        if (parsed.isEmpty()) {
            unreadable.increment();
            LOG.warnf("skipping %s/%d@%d: not a PredictionBatch; check the producer's contract version",
                    record.topic(), record.partition(), record.offset());
            return;
        }
        PredictionBatch batch = parsed.get();
        int added = store.store(batch);
        LOG.debugf("batch %s: %d new prediction(s) of %d", batch.getBatchId(), added, batch.getPredictionsCount());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
