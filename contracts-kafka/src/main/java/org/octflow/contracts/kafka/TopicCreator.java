package org.octflow.contracts.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.octflow.contracts.TopicSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the contract's missing topics from {@link TopicSpec}, the one place partitions, replicas and configs come
 * from; topics that exist are left as they are. Used by the local stack, the tests, and the apps when their
 * topic-creation switch is on.
 */
public final class TopicCreator {
    private TopicCreator() {
    }

    /** What happened to each topic. */
    public record Outcome(List<String> created, List<String> existing) {
    }

    /** Creates whichever of {@code specs} are missing, fitted to the cluster's broker count. */
    public static Outcome createMissing(Admin admin, List<TopicSpec> specs, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), spec.replicas(brokers))
                    .configs(spec.configsFor(brokers));
            try {
                admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(spec.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                existing.add(spec.name());
            }
        }
        awaitLeaders(admin, specs.stream().filter(s -> created.contains(s.name())).toList(), timeout);
        return new Outcome(created, existing);
    }

    /**
     * Returns once every partition of the new topics answers at its leader. A produce that reaches a partition before
     * its leader has applied the creation fails and is retried; an idempotent producer's next batch, already in
     * flight, can be appended first, and the retried one then fails as out of order until it expires: its records are
     * lost although acks=all and idempotence are on (KAFKA-15591, seen here as two scans missing in a test). A
     * ListOffsets answered by every leader means each has the partition. The admin client retries a leader that says
     * it is not one yet, but fails at once while its metadata does not know the topic, and logs that at ERROR with a
     * stack trace: so ListOffsets is asked only once the metadata names a leader for every partition.
     */
    private static void awaitLeaders(Admin admin, List<TopicSpec> created, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicSpec spec : created) {
            for (int p = 0; p < spec.partitions(); p++) {
                partitions.put(new TopicPartition(spec.name(), p), OffsetSpec.latest());
            }
        }
        if (partitions.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitMetadata(admin, created.stream().map(TopicSpec::name).toList(), deadline);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Until a metadata request names a leader for every partition of {@code topics} (or the deadline passes). */
    private static void awaitMetadata(Admin admin, List<String> topics, long deadline)
            throws InterruptedException, TimeoutException, ExecutionException {
        while (true) {
            try {
                boolean led = admin.describeTopics(topics).allTopicNames().get(Math.max(1, (deadline - System.nanoTime())
                                / 1_000_000), TimeUnit.MILLISECONDS).values().stream()
                        .flatMap(description -> description.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                return; // ListOffsets below says what is wrong
            }
            Thread.sleep(100);
        }
    }
}
