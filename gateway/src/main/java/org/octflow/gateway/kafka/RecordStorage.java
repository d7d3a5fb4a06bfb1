package org.octflow.gateway.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.octflow.contracts.Failures;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.gateway.config.DatabaseFailures;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How the gateway's consumers (predictions, the scans observer) store what they poll: partition by partition, offsets
 * committed only after the rows are, so a crash re-reads records (storing is idempotent) rather than losing them. A
 * record that cannot be stored because the database is away is retried until it can; one that fails for any other
 * reason is retried {@link #MAX_ATTEMPTS} times, then skipped and counted (it stays on its topic), so one bad record
 * cannot stop every record behind it. Used on its consumer's thread only.
 */
public final class RecordStorage<K> {
    private static final Logger LOG = Logger.getLogger(RecordStorage.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_ATTEMPTS = 3;

    /** What a consumer is told of each attempt, e.g. for its health. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void stored() {
        }

        default void failed() {
        }
    }

    private final String client;
    private final Consumer<ConsumerRecord<K, byte[]>> store;
    private final Counter unstorable;
    private final Progress progress;
    /** Per partition: the offset that keeps failing and how often it has. */
    private final Map<TopicPartition, long[]> attempts = new HashMap<>();

    /**
     * @param client     the consumer's name in log lines, e.g. "prediction consumer"
     * @param store      stores one record in a transaction of its own; throws when it could not
     * @param unstorable counts records skipped after {@link #MAX_ATTEMPTS} failures
     */
    public RecordStorage(String client, Consumer<ConsumerRecord<K, byte[]>> store, Counter unstorable,
                         Progress progress) {
        this.client = client;
        this.store = store;
        this.unstorable = unstorable;
        this.progress = progress;
    }

    /** Records skipped after failing to store (not for the database being away): one counter for every consumer. */
    public static Counter unstorableCounter(MeterRegistry registry) {
        return Counter.builder("octflow.gateway.records.unstorable")
                .description("Records skipped after failing to store for a reason other than the database being away")
                .register(registry);
    }

    /** Stores the records, seeking back to the first one of a partition that must be tried again, then commits. */
    public void handle(KafkaConsumer<K, byte[]> consumer, ConsumerRecords<K, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<K, byte[]> record : records.records(partition)) {
                try {
                    store.accept(record);
                    attempts.remove(partition);
                    progress.stored();
                    done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                } catch (RuntimeException e) {
                    progress.failed();
                    RecordOrigin origin = RecordOrigin.of(record);
                    if (!DatabaseFailures.isUnavailable(e) && failedAgain(partition, record.offset()) >= MAX_ATTEMPTS) {
                        unstorable.increment();
                        LOG.errorf("%s: could not store %s after %d attempts (%s): skipped; the record stays on its"
                                + " topic", client, origin, MAX_ATTEMPTS, Failures.rootMessage(e));
                        attempts.remove(partition);
                        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        continue;
                    }
                    LOG.warnf("%s: could not store %s (%s); retrying in %d s", client, origin, Failures.rootMessage(e),
                            RETRY_DELAY.toSeconds());
                    consumer.seek(partition, record.offset());
                    sleep(RETRY_DELAY);
                    break;
                }
            }
        }
        if (!done.isEmpty()) {
            try {
                consumer.commitSync(done, COMMIT_TIMEOUT);
            } catch (KafkaException e) {
                // Stored already: if these come again, storing them changes nothing.
                LOG.warnf("%s: committing offsets failed (%s); the records may be read again", client, e.toString());
            }
        }
    }

    private int failedAgain(TopicPartition partition, long offset) {
        long[] seen = attempts.get(partition);
        if (seen == null || seen[0] != offset) {
            attempts.put(partition, new long[]{offset, 1});
            return 1;
        }
        return (int) ++seen[1];
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
