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
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.config.Instance;

import java.util.Properties;

/** The one place that knows how the gateway talks to Kafka: client settings and a shared Admin. */
@ApplicationScoped
public class KafkaClients {
    private final String bootstrapServers;
    private final GatewayConfig.Kafka settings;
    private Admin admin;

    private final Instance instance;

    public KafkaClients(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, GatewayConfig config,
                        Instance instance) {
        this.bootstrapServers = bootstrapServers;
        this.settings = config.kafka();
        this.instance = instance;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Idempotent and acks=all: a retried send cannot duplicate or reorder a ScanBatch within the partition. It keeps
     * retrying for ten minutes (through a broker outage, with the same sequence numbers), so the outbox need not send
     * a row again, which would be a new record, before that.
     */
    public KafkaProducer<byte[], byte[]> outboxProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "octflow-gateway-outbox");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put("max.in.flight.requests.per.connection", 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() blocks at most this long for metadata or buffer space; the publisher then backs off.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** read_committed: workers publish predictions in transactions; aborted ones must never be stored. */
    public KafkaConsumer<String, byte[]> predictionConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "octflow-gateway-predictions");
        // Static membership: a restarted gateway takes its partitions back at once instead of after a rebalance.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "octflow-gateway-" + instance.id());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        // Notice topics created after start (e.g. by our own TopicBootstrap once the broker is back) within 30 s.
        props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /** A reader of the scans topic without a group, for the outbox's check of what is published already. */
    public KafkaConsumer<byte[], byte[]> scansReader() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "octflow-gateway-outbox-check");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    public synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "octflow-gateway-admin");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            admin = Admin.create(props);
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
