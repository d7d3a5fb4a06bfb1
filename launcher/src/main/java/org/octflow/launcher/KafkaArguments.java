package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Set;

/** How a launcher command reaches a Kafka cluster: brokers, and client settings the way the apps read them. */
final class KafkaArguments {
    static final String LOCAL_BROKER = "127.0.0.1:9092";

    @Option(names = "--bootstrap-servers", description = "Kafka brokers (default: OCTFLOW_KAFKA_BOOTSTRAP_SERVERS,"
            + " else " + LOCAL_BROKER + ")")
    String bootstrapServers;
    @Option(names = "--kafka-config-file", description = "Kafka client properties (TLS, SASL...); every"
            + " OCTFLOW_KAFKA_<PROPERTY> variable is one too and wins over the file")
    Path configFile;

    KafkaClientConfig clientConfig() {
        KafkaClientConfig config = KafkaClientConfig.fromEnvironment(configFile, Set.of());
        if (bootstrapServers == null && !config.settings().containsKey("bootstrap.servers")) {
            return config.withBootstrapServers(LOCAL_BROKER);
        }
        return config.withBootstrapServers(bootstrapServers);
    }
}
