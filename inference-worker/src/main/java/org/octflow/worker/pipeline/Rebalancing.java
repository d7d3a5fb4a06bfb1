package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Cooperative rebalancing: only the partitions that move stop. Before revoked partitions go, the work in flight is
 * finished and committed; if it cannot be, or partitions are lost outright, the uncommitted work is given up and the
 * partitions this worker keeps are rewound, so the new owner and this worker each redo their share exactly once.
 * Runs inside the consumer's poll, on the Kafka thread.
 */
final class Rebalancing implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalancing.class);

    private final Consumer<byte[], byte[]> consumer;
    private final UncommittedWork work;
    private final Duration finishTimeout;

    /** @param finishTimeout how long revocation waits for the work in flight to complete */
    Rebalancing(Consumer<byte[], byte[]> consumer, UncommittedWork work, Duration finishTimeout) {
        this.consumer = consumer;
        this.work = work;
        this.finishTimeout = finishTimeout;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        LOG.info("partitions revoked: {}; committing what is in flight", partitions);
        if (work.finish(finishTimeout)) {
            try {
                work.commit();
                return;
            } catch (RuntimeException e) {
                if (FailurePolicy.stopsTheLoop(e)) {
                    throw e;
                }
                LOG.warn("commit before revocation failed: {}", FailurePolicy.classify(e).reason());
            }
        }
        LOG.warn("partitions {} were revoked before their work could be committed; it will be redone", partitions);
        giveUpUncommittedWork(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        LOG.warn("partitions lost: {}; their uncommitted work will be redone by their new owner", partitions);
        giveUpUncommittedWork(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            LOG.info("partitions assigned: {}", partitions);
        }
    }

    /**
     * The open transaction mixes records of the partitions that go and of those that stay: all of it is given up, and
     * the kept partitions are rewound to redo their share. A rewind that fails leaves positions past uncommitted work:
     * the exception goes on to the loop, whose recovery rewinds every partition, with a new producer.
     */
    private void giveUpUncommittedWork(Collection<TopicPartition> gone) {
        work.giveUp();
        Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
        kept.removeAll(gone);
        try {
            work.rewind(kept);
        } catch (RuntimeException e) {
            if (FailurePolicy.stopsTheLoop(e)) {
                throw e;
            }
            LOG.warn("could not rewind {} ({}); abandoning the open transaction's producer", kept,
                    FailurePolicy.classify(e).reason());
            work.abandonProducer();
            throw e;
        }
    }
}
