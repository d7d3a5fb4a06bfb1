package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.RecordLimits;
import org.octflow.testkit.LocalKafkaCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** One fault `./octflow faults` injects into a running stack, mid-stream. */
enum FaultScenario {
    WORKER_KILL("kill -9 of worker 1 (restarted with the same id by supervision)", Topology.ANY),
    GATEWAY_KILL("kill -9 of the gateway (restarted with the same instance id)", Topology.ANY),
    BROKER_OUTAGE("the Kafka broker stopped for --outage-seconds, then started on its data", Topology.SINGLE),
    BROKER_OUTAGE_75S("the Kafka broker stopped for 75 s (once: duplicates from the outbox)", Topology.SINGLE),
    BLACKHOLE("the Kafka broker frozen (SIGSTOP) for --outage-seconds: its port drops requests rather than refusing"
            + " them, then SIGCONT", Topology.SINGLE),
    ZOMBIE("worker 1 frozen (SIGSTOP) past its session and transaction timeouts while worker 2 takes its"
            + " partitions, then SIGCONT: the zombie must be fenced (no duplicate, nothing lost)", Topology.ANY),
    POSTGRES_KILL("kill -9 of the PostgreSQL postmaster, restarted on its data", Topology.ANY),
    DATABASE_OUTAGE("PostgreSQL stopped for 20 s (once: duplicates from the outbox)", Topology.ANY),
    POISON_RECORD("a 1 MB record that is no ScanBatch, sent straight to Kafka", Topology.ANY),
    BROKER_KILL("kill -9 of a node that is not the active controller, started again 10 s later", Topology.CLUSTER),
    CONTROLLER_KILL("kill -9 of the node leading the controller quorum, started again 10 s later", Topology.CLUSTER),
    TWO_BROKERS_DOWN("kill -9 of two of three nodes (no quorum, fewer than min.insync replicas) for 30 s; one back,"
            + " then the other 20 s later", Topology.CLUSTER),
    NONE("no fault: the same stream, as a baseline and an end-to-end check", Topology.ANY);

    /** Which Kafka a scenario needs: the one broker it stops, or a cluster whose nodes it takes away. */
    enum Topology { SINGLE, CLUSTER, ANY }

    private static final Duration NODE_DOWN = Duration.ofSeconds(10);
    private static final Duration IN_SYNC_TIMEOUT = Duration.ofMinutes(5);
    /** Past the worker's default session timeout (45 s) and transaction timeout (30 s): both expire on the broker. */
    private static final Duration ZOMBIE_FROZEN = Duration.ofSeconds(55);

    final String description;
    final Topology topology;

    FaultScenario(String description, Topology topology) {
        this.description = description;
        this.topology = topology;
    }

    /** What `--scenario all` runs on this Kafka: every scenario that injects something and fits it. */
    static List<FaultScenario> faults(boolean cluster) {
        return Arrays.stream(values()).filter(s -> s != NONE && s.fits(cluster)).toList();
    }

    boolean fits(boolean cluster) {
        return topology == Topology.ANY || (topology == Topology.CLUSTER) == cluster;
    }

    String cliName() {
        return name().toLowerCase().replace('_', '-');
    }

    static FaultScenario parse(String name) {
        for (FaultScenario scenario : values()) {
            if (scenario.cliName().equals(name)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: all, "
                + String.join(", ", Arrays.stream(values()).map(FaultScenario::cliName).toList()));
    }

    /**
     * Injects the fault and returns once the system is whole again (what was stopped is started), with how long
     * the last node started again took to be back in every in-sync replica set, for the cluster's scenarios.
     */
    Optional<Duration> inject(LocalStack stack, Duration outage) throws InterruptedException {
        switch (this) {
            case WORKER_KILL -> stack.worker(1).kill();
            case GATEWAY_KILL -> stack.gateway().kill();
            case BROKER_OUTAGE, BROKER_OUTAGE_75S -> {
                stack.stopKafka(false);
                Thread.sleep((this == BROKER_OUTAGE ? outage : Duration.ofSeconds(75)).toMillis());
                stack.startKafka();
            }
            case BLACKHOLE -> {
                stack.freezeKafka(false);
                Thread.sleep(outage.toMillis());
                stack.freezeKafka(true);
            }
            case ZOMBIE -> {
                stack.worker(1).freeze();
                Thread.sleep(ZOMBIE_FROZEN.toMillis());
                stack.worker(1).thaw();
            }
            case POSTGRES_KILL -> {
                stack.stopPostgres(true);
                stack.startPostgres();
            }
            case DATABASE_OUTAGE -> {
                stack.stopPostgres(false);
                Thread.sleep(20_000);
                stack.startPostgres();
            }
            case POISON_RECORD -> sendPoison(stack.imagingClient());
            case BROKER_KILL, CONTROLLER_KILL -> {
                LocalKafkaCluster cluster = stack.cluster();
                int node = this == CONTROLLER_KILL ? cluster.activeController() : cluster.aBrokerThatIsNotTheController();
                cluster.kill(node);
                Thread.sleep(NODE_DOWN.toMillis());
                return Optional.of(restartAndAwaitInSync(cluster, node));
            }
            case TWO_BROKERS_DOWN -> {
                LocalKafkaCluster cluster = stack.cluster();
                int first = cluster.aBrokerThatIsNotTheController();
                int second = cluster.activeController();
                cluster.kill(first);
                cluster.kill(second);
                Thread.sleep(30_000);
                cluster.restart(first);
                Thread.sleep(20_000);
                return Optional.of(restartAndAwaitInSync(cluster, second));
            }
            case NONE -> {
            }
        }
        return Optional.empty();
    }

    /** From starting the node again until it is in every in-sync replica set it belongs to. */
    private static Duration restartAndAwaitInSync(LocalKafkaCluster cluster, int node) throws InterruptedException {
        long start = System.nanoTime();
        cluster.restart(node);
        cluster.awaitInSync(node, IN_SYNC_TIMEOUT);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void sendPoison(KafkaClientConfig kafka) {
        Properties props = kafka.clientProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] key = "poison".getBytes(StandardCharsets.UTF_8);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.SCANS, key, null);
            record.headers().add(Headers.MESSAGE_TYPE, Headers.SCAN_BATCH_TYPE.getBytes(StandardCharsets.UTF_8));
            byte[] value = new byte[RecordLimits.maxValueBytes(key, record.headers().toArray())];
            Arrays.fill(value, (byte) 0xff);
            producer.send(new ProducerRecord<>(Topics.SCANS, null, key, value, record.headers())).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send the poison record: " + e.getMessage(), e);
        }
    }
}
