package org.octflow.worker.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.octflow.contracts.TopicSpec;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.kafka.TopicCreator;
import org.octflow.worker.config.WorkerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The worker's Kafka client settings in one place: why each one matters is the point of this class. The user's
 * client settings ({@link KafkaClientConfig}: TLS, SASL...) sit over the tunable defaults; what exactly-once needs
 * sits over them.
 */
public final class KafkaClients {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);
    /**
     * The longest one Kafka call of the worker's loop may block it (a send waiting for metadata, a transaction call, a
     * rewind's committed offsets). Every client timeout of the loop derives from it, and so does how long the loop may
     * go without moving before liveness calls it hung ({@link KafkaLoop#longestStep}). The clients' defaults (60 s per
     * call) let one step of an outage chain minutes of waiting.
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private KafkaClients() {
    }

    public static KafkaConsumer<byte[], byte[]> consumer(WorkerConfig config) {
        Map<String, Object> defaults = Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "octflow-worker-" + config.workerId(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, config.sessionTimeout().toMillis() / 5));
        Map<String, Object> requires = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                // Static membership: a restarted worker (same id) takes its partitions back at once instead of
                // waiting out its dead predecessor's session and a rebalance.
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.workerId(),
                // Offsets are committed only inside the producer's transactions.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Never see scans of an aborted producer transaction (e.g. a gateway that died mid-send).
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // Cooperative: a joining or leaving worker stops only the partitions that move.
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                // Bounded blocking (see CALL_TIMEOUT): liveness relies on it, so a user's setting cannot lengthen it.
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(CALL_TIMEOUT),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(CALL_TIMEOUT));
        return new KafkaConsumer<>(config.kafka().clientProperties(defaults, requires), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    public static KafkaProducer<byte[], byte[]> producer(WorkerConfig config) {
        Map<String, Object> defaults = Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "octflow-worker-" + config.workerId(),
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Map<String, Object> requires = Map.of(
                // Stable per worker: a restarted worker fences its predecessor's producer and aborts its transaction.
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                // A worker that dies with an open transaction blocks read_committed readers until this expires.
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis(),
                // Bounded blocking (see CALL_TIMEOUT): while Kafka is away a send, initialisation, commit or abort
                // gives up after this and the loop retries; a batch not delivered in three of them fails the
                // transaction (the delivery timeout must exceed linger + request timeout).
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis(CALL_TIMEOUT),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(CALL_TIMEOUT),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(CALL_TIMEOUT.multipliedBy(3)));
        return new KafkaProducer<>(config.kafka().clientProperties(defaults, requires), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /**
     * The client of {@link KafkaReachability}: the worker's own settings and principal, with timeouts short enough
     * that an outage shows within seconds.
     */
    public static Admin reachabilityProbe(WorkerConfig config) {
        int answerWithin = millis(KafkaReachability.ANSWER_WITHIN);
        Map<String, Object> requires = Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "octflow-worker-" + config.workerId() + "-probe",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, answerWithin,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, answerWithin);
        return Admin.create(config.kafka().clientProperties(Map.of(), requires));
    }

    private static int millis(Duration duration) {
        return (int) duration.toMillis();
    }

    /**
     * Creates the contract's missing topics ({@link TopicSpec}), when the worker is asked to with --create-topics
     * (the local stack; in a managed cluster the topics are the platform's). Existing topics are left as they are.
     */
    public static void createTopics(KafkaClientConfig kafka) {
        var props = kafka.clientProperties(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000), Map.of());
        try (Admin admin = Admin.create(props)) {
            var outcome = TopicCreator.createMissing(admin, TopicSpec.all(), Duration.ofSeconds(30));
            if (!outcome.created().isEmpty()) {
                LOG.info("created topics {} as the contract specifies", outcome.created());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("could not create the topics at {} ({}); continuing in case they exist", kafka.bootstrapServers(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        }
    }
}
