package org.octflow.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.octflow.contracts.TopicSpec;
import org.octflow.contracts.kafka.KafkaClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A replicated local Kafka: n KRaft nodes as separate processes, each a broker and a controller voter (combined
 * mode). Combined, because three processes fit a 2-core machine where six would not, and because it is the harder
 * case: losing a node loses a broker and a voter at once, and the active controller is always some broker. Node
 * {@code i} (from 1) listens on {@code firstPort + 2(i-1)} for clients and the port after it for the quorum; its data
 * is in {@code directory/node-i}, so a node stopped or killed starts again on its data and ports.
 */
public final class LocalKafkaCluster implements LocalKafka {
    private final Path directory;
    private final List<KafkaNode> layout;
    private final LocalKafkaBroker[] nodes;

    private LocalKafkaCluster(Path directory, List<KafkaNode> layout) {
        this.directory = directory;
        this.layout = layout;
        this.nodes = new LocalKafkaBroker[layout.size()];
    }

    /** Starts {@code size} nodes on consecutive ports from {@code firstPort} and waits until all are brokers. */
    public static LocalKafkaCluster start(Path directory, int size, int firstPort) {
        String voters = IntStream.rangeClosed(1, size).mapToObj(i -> i + "@127.0.0.1:" + (firstPort + 2 * (i - 1) + 1))
                .collect(Collectors.joining(","));
        List<KafkaNode> layout = IntStream.rangeClosed(1, size).mapToObj(i -> new KafkaNode(i,
                firstPort + 2 * (i - 1), firstPort + 2 * (i - 1) + 1, voters, size)).toList();
        LocalKafkaCluster cluster = new LocalKafkaCluster(directory, layout);
        String clusterId = clusterId(directory);
        try {
            for (int i = 1; i <= size; i++) {
                cluster.nodes[i - 1] = LocalKafkaBroker.launch(cluster.nodeDirectory(i), layout.get(i - 1), null,
                        clusterId);
            }
            for (LocalKafkaBroker node : cluster.nodes) {
                node.awaitReady(size);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Three nodes on free consecutive ports. */
    public static LocalKafkaCluster start(Path directory) {
        return start(directory, 3, FreePorts.nextBlock(6));
    }

    public int size() {
        return layout.size();
    }

    /** Every node's client listener. */
    @Override
    public String bootstrapServers() {
        return layout.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    @Override
    public KafkaClientConfig clientConfig() {
        return KafkaClientConfig.plain(bootstrapServers());
    }

    /** SIGKILL of node {@code id} (from 1): no controlled shutdown, as a crash. */
    public void kill(int id) {
        node(id).kill();
        nodes[id - 1] = null;
    }

    /** SIGTERM of node {@code id}: a controlled shutdown moves its leaderships first. */
    public void stop(int id) {
        node(id).close();
        nodes[id - 1] = null;
    }

    /** Starts node {@code id} again on its data and ports; returns once it answers (not once it caught up). */
    public void restart(int id) {
        if (nodes[id - 1] != null) {
            throw new IllegalStateException("node " + id + " is running");
        }
        nodes[id - 1] = LocalKafkaBroker.launch(nodeDirectory(id), layout.get(id - 1), null, clusterId(directory));
        nodes[id - 1].awaitReady(1);
    }

    public boolean isRunning(int id) {
        return nodes[id - 1] != null;
    }

    /** The node that leads the controller quorum now. */
    public int activeController() {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        } catch (Exception e) {
            throw new IllegalStateException("the controller quorum did not answer: " + e.getMessage(), e);
        }
    }

    /** A running node that does not lead the controller quorum: the broker a plain broker crash takes. */
    public int aBrokerThatIsNotTheController() {
        int controller = activeController();
        return IntStream.rangeClosed(1, size()).filter(i -> i != controller && isRunning(i)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running node besides the controller"));
    }

    /** True when node {@code id} is in the in-sync replicas of every partition it holds of the contract's topics. */
    public boolean inSync(int id) {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(TopicSpec.all().stream().map(TopicSpec::name)
                    .toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    boolean replica = partition.replicas().stream().anyMatch(n -> n.id() == id);
                    boolean inIsr = partition.isr().stream().map(Node::id).anyMatch(n -> n == id);
                    if (replica && !inIsr) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Waits until node {@code id} is back in sync everywhere; the time it took. */
    public Duration awaitInSync(int id, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (!inSync(id)) {
            if (System.nanoTime() - start > timeout.toNanos()) {
                throw new IllegalStateException("node " + id + " was not back in sync within " + timeout.toSeconds()
                        + " s; see " + nodeDirectory(id).resolve("kafka.log"));
            }
            Thread.sleep(200);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public Path directory() {
        return directory;
    }

    /** Stops every running node cleanly. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (int i = nodes.length; i >= 1; i--) {
            if (nodes[i - 1] != null) {
                try {
                    stop(i);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private LocalKafkaBroker node(int id) {
        if (id < 1 || id > nodes.length || nodes[id - 1] == null) {
            throw new IllegalStateException("node " + id + " is not running (nodes 1.." + nodes.length + ")");
        }
        return nodes[id - 1];
    }

    private Path nodeDirectory(int id) {
        return directory.resolve("node-" + id);
    }

    /** One id for every node, kept beside them: a node formatted later must join the same cluster. */
    private static String clusterId(Path directory) {
        Path file = directory.resolve("cluster-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            Files.createDirectories(directory);
            String id = LocalKafkaBroker.clusterId();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the cluster id in " + file, e);
        }
    }
}
