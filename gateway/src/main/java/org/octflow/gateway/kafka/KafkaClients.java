package org.octflow.gateway.kafka;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.config.Instance;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that knows how the gateway talks to Kafka: client settings and a shared Admin. The user's client
 * settings ({@link KafkaClientConfig}: {@code OCTFLOW_KAFKA_*} and {@code octflow.kafka.config-file}, for TLS and
 * SASL) sit over each client's tunable defaults; what correctness needs sits over them.
 */
@ApplicationScoped
public class KafkaClients {
    /** The gateway's own settings under the prefix, not client properties. */
    static final Set<String> GATEWAY_VARIABLES = Set.of("OCTFLOW_KAFKA_GROUP_ID", "OCTFLOW_KAFKA_CREATE_TOPICS");
    private static final Logger LOG = Logger.getLogger(KafkaClients.class);
    private final KafkaClientConfig client;
    private final GatewayConfig.Kafka settings;
    private Admin admin;

    private final Instance instance;

    /** Where the brokers are when nothing names them: a local broker. */
    static final String LOCAL_BROKER = "localhost:9092";

    /** The property the launcher and Quarkus' own Kafka extension used to set: read for one more release. */
    static final String DEPRECATED_SERVERS_PROPERTY = "kafka.bootstrap.servers";

    /**
     * The brokers: {@code octflow.kafka.bootstrap-servers} ({@code OCTFLOW_KAFKA_BOOTSTRAP_SERVERS}) when set, else
     * the client settings' {@code bootstrap.servers} (the file, or {@code KAFKA_BOOTSTRAP_SERVERS} with a warning),
     * else {@code kafka.bootstrap.servers} set as a property (with a warning), else {@link #LOCAL_BROKER}.
     */
    public KafkaClients(GatewayConfig config, Instance instance,
                        @ConfigProperty(name = DEPRECATED_SERVERS_PROPERTY) Optional<String> deprecatedServers) {
        this.settings = config.kafka();
        KafkaClientConfig configured = KafkaClientConfig.fromEnvironment(settings.configFile().orElse(null),
                GATEWAY_VARIABLES);
        if (settings.bootstrapServers().isPresent()) {
            configured = configured.withBootstrapServers(settings.bootstrapServers().get());
        } else if (!configured.settings().containsKey("bootstrap.servers") && deprecatedServers.isPresent()) {
            LOG.warnf("%s is deprecated and will be removed in the next release: set %s instead",
                    DEPRECATED_SERVERS_PROPERTY, KafkaClientConfig.BOOTSTRAP_SERVERS_ENV);
            configured = configured.withBootstrapServers(deprecatedServers.get());
        }
        this.client = configured.settings().containsKey("bootstrap.servers") ? configured
                : configured.withBootstrapServers(LOCAL_BROKER);
        this.instance = instance;
        LOG.infof("Kafka at %s, client settings %s", client.bootstrapServers(), client.describe());
    }

    public String bootstrapServers() {
        return client.bootstrapServers();
    }

    /**
     * Idempotent and acks=all: a retried send cannot duplicate or reorder a ScanBatch within the partition. It keeps
     * retrying for ten minutes (through a broker outage, with the same sequence numbers), so the outbox need not send
     * a row again, which would be a new record, before that.
     */
    public KafkaProducer<byte[], byte[]> outboxProducer() {
        Map<String, Object> defaults = Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "octflow-gateway-outbox",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // send() blocks at most this long for metadata or buffer space; the publisher then backs off.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        Map<String, Object> requires = Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(client.clientProperties(defaults, requires));
    }

    /** read_committed: workers publish predictions in transactions; aborted ones must never be stored. */
    public KafkaConsumer<String, byte[]> predictionConsumer() {
        Map<String, Object> defaults = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "octflow-gateway-predictions",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100,
                // Notice topics created after start (e.g. by our own TopicBootstrap once the broker is back) in 30 s.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        Map<String, Object> requires = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                // Static membership: a restarted gateway takes its partitions back at once, not after a rebalance.
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "octflow-gateway-" + instance.id(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(client.clientProperties(defaults, requires));
    }

    /**
     * The scans-topic observer's consumer, in a group of its own ({@link #scansObserverGroup()}): it reads every
     * ScanBatch once more for previews of scans sent straight to Kafka. read_committed, as a worker reads.
     */
    public KafkaConsumer<byte[], byte[]> scansObserver() {
        Map<String, Object> defaults = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "octflow-gateway-scans-observer",
                // A ScanBatch is up to 1 MB: a small poll keeps one poll's decoding well inside max.poll.interval.ms.
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        Map<String, Object> requires = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, scansObserverGroup(),
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "octflow-gateway-scans-" + instance.id(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(client.clientProperties(defaults, requires));
    }

    /** The observer's group: the gateway's own group name with "-scans", so one prefix ACL can cover both. */
    public String scansObserverGroup() {
        return settings.groupId() + "-scans";
    }

    /** A reader of the scans topic without a group, for the outbox's check of what is published already. */
    public KafkaConsumer<byte[], byte[]> scansReader() {
        Map<String, Object> defaults = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "octflow-gateway-outbox-check",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        Map<String, Object> requires = Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(client.clientProperties(defaults, requires));
    }

    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(client.clientProperties(Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG, "octflow-gateway-admin",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000), Map.of()));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
