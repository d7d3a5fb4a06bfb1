package org.octflow.contracts.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.octflow.contracts.TopicSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        return new Outcome(created, existing);
    }
}
