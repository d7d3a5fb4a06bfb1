package org.octflow.gateway.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.octflow.contracts.Topics;
import org.octflow.gateway.kafka.KafkaClients;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds which of some outbox rows are on the scans topic already. A row claimed before and never marked sent (its
 * gateway died, or its lease ran out) may have been published: this looks, from just before the row was written,
 * so that it is not sent a second time. Rows older than {@link #LOOK_BACK} are sent without looking, which bounds
 * the read; that is the one way left for such a row to be published twice.
 */
@ApplicationScoped
public class PublishedBatches {
    private static final Logger LOG = Logger.getLogger(PublishedBatches.class);
    static final Duration LOOK_BACK = Duration.ofHours(1);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients kafka;
    private final Clock clock;

    public PublishedBatches(KafkaClients kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /** The record keys (batch ids) of {@code rows} found on the scans topic. */
    public Set<String> find(Collection<OutboxMessage> rows) {
        Set<String> wanted = new HashSet<>();
        Instant since = clock.instant();
        for (OutboxMessage row : rows) {
            wanted.add(row.recordKey);
            if (row.createdAt.isBefore(since)) {
                since = row.createdAt;
            }
        }
        since = since.minus(CLOCK_SKEW);
        Instant limit = clock.instant().minus(LOOK_BACK);
        if (since.isBefore(limit)) {
            LOG.warnf("outbox: %d row(s) claimed again are older than %s; the scans topic is searched back to %s only",
                    rows.size(), LOOK_BACK, limit);
            since = limit;
        }
        Set<String> found = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.scansReader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCANS, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, 0L));
            long from = since.toEpochMilli();
            query.replaceAll((p, t) -> from);
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, READ_TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            Set<TopicPartition> toRead = new HashSet<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                if (start != null && start.offset() < ends.get(partition)) {
                    consumer.seek(partition, start.offset());
                    toRead.add(partition);
                }
            }
            consumer.assign(toRead);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!toRead.isEmpty() && System.nanoTime() < deadline && found.size() < wanted.size()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        String key = new String(record.key(), StandardCharsets.UTF_8);
                        if (wanted.contains(key)) {
                            found.add(key);
                        }
                    }
                }
                toRead.removeIf(p -> consumer.position(p) >= ends.get(p));
            }
            if (!toRead.isEmpty() && found.size() < wanted.size()) {
                throw new IllegalStateException("the scans topic could not be read to its end within "
                        + READ_TIMEOUT.toSeconds() + " s");
            }
        }
        return found;
    }
}
