package org.octflow.gateway.prediction;

import com.google.protobuf.InvalidProtocolBufferException;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.gateway.kafka.BackgroundLoop;
import org.octflow.gateway.kafka.KafkaClients;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads predictions and dead letters on its own thread and hands them to the {@link PredictionStore}. Offsets are
 * committed only after the store's transaction commits, so a crash re-reads records rather than losing them.
 */
@ApplicationScoped
public class PredictionConsumer {
    private static final Logger LOG = Logger.getLogger(PredictionConsumer.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);

    private final KafkaClients kafka;
    private final PredictionStore store;
    private final Counter unreadable;
    private final BackgroundLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;

    public PredictionConsumer(KafkaClients kafka, PredictionStore store, MeterRegistry registry) {
        this.kafka = kafka;
        this.store = store;
        this.loop = new BackgroundLoop("octflow-prediction-consumer", this::run, this::wakeConsumer, Duration.ofSeconds(30));
        this.unreadable = Counter.builder("octflow.gateway.predictions.unreadable")
                .description("Prediction records skipped because they are not a PredictionBatch").register(registry);
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
                ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    handle(kafkaConsumer, records);
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

    /** Handles records partition by partition; on a storage failure rewinds that partition to retry later. */
    private void handle(KafkaConsumer<String, byte[]> kafkaConsumer, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                try {
                    handle(record);
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (RuntimeException e) {
                    LOG.warnf("could not store %s/%d@%d (%s); retrying in %d s", record.topic(), record.partition(),
                            record.offset(), e.toString(), RETRY_DELAY.toSeconds());
                    kafkaConsumer.seek(partition, record.offset());
                    sleep(RETRY_DELAY);
                    break;
                }
            }
        }
        if (!done.isEmpty()) {
            kafkaConsumer.commitSync(done);
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        if (Topics.SCANS_DEAD_LETTER.equals(record.topic())) {
            DeadLetter letter = DeadLetter.of(record);
            int failed = letter.wholeBatch() && letter.batchId() != null
                    ? store.failPendingOfBatch(letter.batchId(), letter.code(), letter.reason())
                    : store.fail(letter.scanIds(), letter.code(), letter.reason());
            LOG.debugf("dead letter for batch %s (%s): %d scan(s) marked FAILED", letter.batchId(), letter.code(), failed);
            return;
        }
        PredictionBatch batch;
        try {
            batch = PredictionBatch.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            unreadable.increment();
            LOG.warnf("skipping %s/%d@%d: not a PredictionBatch (%s); check the producer's contract version",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return;
        }
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
