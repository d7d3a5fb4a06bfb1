package org.octflow.testkit;

import org.octflow.contracts.kafka.KafkaClientConfig;

/** A local Kafka the launcher runs the stack on: one broker ({@link LocalKafkaBroker}) or a cluster. */
public interface LocalKafka extends AutoCloseable {
    /** Where clients connect. */
    String bootstrapServers();

    /** A client with every right: plain, or the super user of a secured broker. */
    KafkaClientConfig clientConfig();

    /** The contract's missing topics, replicated for this many brokers as {@code TopicSpec} says. */
    void createContractTopics();

    /** Stops every node cleanly. */
    @Override
    void close();
}
