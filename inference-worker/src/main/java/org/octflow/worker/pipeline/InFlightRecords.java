package org.octflow.worker.pipeline;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The records taken and not yet emitted, in consumption order, and per partition the first record taken since the last
 * commit: where to resume when the transaction fails. Used by the Kafka thread only; the queued-scan count is also
 * read by /metrics.
 */
final class InFlightRecords {
    private final ArrayDeque<ConsumedRecord> records = new ArrayDeque<>();
    private final Map<TopicPartition, Long> uncommittedFrom = new HashMap<>();
    private volatile int queuedScans;

    /**
     * Notes a consumed record as uncommitted before anything is done with it: should taking it fail, its partition
     * is still rewound to it.
     */
    void taking(TopicPartition partition, long offset) {
        uncommittedFrom.putIfAbsent(partition, offset);
    }

    void add(ConsumedRecord record) {
        taking(record.partition(), record.record().offset());
        records.addLast(record);
        queuedScans += record.scanCount();
    }

    /** The oldest record if every scan of it has an outcome, removed; else null: records leave in order. */
    ConsumedRecord pollCompleted() {
        if (records.isEmpty() || !records.peekFirst().isComplete()) {
            return null;
        }
        ConsumedRecord done = records.pollFirst();
        queuedScans -= done.scanCount();
        return done;
    }

    /** What was emitted is committed: the records still in flight are where each partition would resume. */
    void committed() {
        uncommittedFrom.clear();
        for (ConsumedRecord waiting : records) {
            uncommittedFrom.putIfAbsent(waiting.partition(), waiting.record().offset());
        }
    }

    /** Drops every record in flight; late results for them are ignored. Where to resume is kept for the rewind. */
    void discard() {
        records.forEach(ConsumedRecord::discard);
        records.clear();
        queuedScans = 0;
    }

    /** The first uncommitted offset of {@code partition}, or null when nothing was taken from it since the commit. */
    Long resumeFrom(TopicPartition partition) {
        return uncommittedFrom.get(partition);
    }

    /** The partitions were sought back; what is taken again is tracked again. */
    void rewound() {
        uncommittedFrom.clear();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    int size() {
        return records.size();
    }

    int queuedScans() {
        return queuedScans;
    }
}
