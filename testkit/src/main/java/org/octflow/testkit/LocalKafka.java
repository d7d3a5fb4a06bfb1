package org.octflow.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.octflow.contracts.TopicSpec;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.kafka.TopicCreator;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A local Kafka the launcher and the tests run on: one broker ({@link LocalKafkaBroker}) or a cluster. */
public interface LocalKafka extends AutoCloseable {
    /** Where clients connect. */
    String bootstrapServers();

    /** A client with every right: plain, or the super user of a secured broker. */
    KafkaClientConfig clientConfig();

    /** Where to look when it misbehaves (its nodes' kafka.log are below it). */
    java.nio.file.Path directory();

    /** An admin client with every right. */
    default Admin admin() {
        Properties props = clientConfig().clientProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    /** The contract's missing topics, replicated for this many brokers as {@code TopicSpec} says. */
    default void createContractTopics() {
        createTopics(TopicSpec.all());
    }

    /** Creates the topics that are missing, fitted to the broker count. */
    default void createTopics(List<TopicSpec> specs) {
        try (Admin admin = admin()) {
            TopicCreator.createMissing(admin, specs, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("Kafka did not create topics within 30 s; see kafka.log under "
                    + directory(), e);
        }
    }

    /** Stops every node cleanly. */
    @Override
    void close();
}
