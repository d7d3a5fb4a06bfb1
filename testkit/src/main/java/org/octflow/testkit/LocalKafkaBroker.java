package org.octflow.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker in KRaft mode, run from the official jars as its own process. Its data lives
 * in {@code directory}; starting again on the same directory keeps every topic and record. {@link #startSecured}
 * runs it as a hospital's cluster would be: see {@link SecuredListeners}.
 */
public final class LocalKafkaBroker implements LocalKafka {
    private static final String CLASSPATH_RESOURCE = "/octflow/kafka-broker.classpath";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final int port;
    private final Process process;
    private final SecuredListeners secured;

    private LocalKafkaBroker(Path directory, int port, Process process, SecuredListeners secured) {
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.secured = secured;
    }

    /** Starts a broker on free ports with its data under {@code directory}. */
    public static LocalKafkaBroker start(Path directory) {
        return start(directory, FreePorts.next(), FreePorts.next());
    }

    public static LocalKafkaBroker start(Path directory, int port, int controllerPort) {
        return start(directory, port, controllerPort, null);
    }

    /** A secured broker on free ports (TLS, SCRAM users, ACLs): {@link SecuredListeners}. */
    public static LocalKafkaBroker startSecured(Path directory) {
        return startSecured(directory, FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    /** Starts again on the same directory with the same ports to keep data, certificates and passwords. */
    public static LocalKafkaBroker startSecured(Path directory, int port, int internalPort, int controllerPort) {
        return start(directory, port, controllerPort, SecuredListeners.prepare(directory.resolve("security"), internalPort));
    }

    private static LocalKafkaBroker start(Path directory, int port, int controllerPort, SecuredListeners secured) {
        LocalKafkaBroker broker = launch(directory, KafkaNode.single(port, controllerPort), secured, clusterId());
        broker.awaitReady(1);
        if (secured != null) {
            try (Admin admin = broker.admin()) {
                secured.grant(admin);
            }
        }
        return broker;
    }

    /**
     * Starts the node's process (formatting its storage with {@code clusterId} the first time) without waiting: the
     * nodes of a cluster must all be starting before any can elect a controller.
     */
    static LocalKafkaBroker launch(Path directory, KafkaNode node, SecuredListeners secured, String clusterId) {
        try {
            Files.createDirectories(directory);
            Path data = directory.resolve("data");
            Path config = writeConfig(directory, data, node, secured);
            String classpath = brokerClasspath();
            if (!Files.exists(data.resolve("meta.properties"))) {
                format(directory, classpath, config, clusterId);
            }
            Process process = java(classpath, "kafka.Kafka", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("kafka.log").toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new LocalKafkaBroker(directory, node.port(), process, secured);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local Kafka broker in " + directory, e);
        }
    }

    /** The clients' listener (SASL_SSL when secured). */
    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** How a client of the broker connects: plain, or as the super user when secured. */
    @Override
    public KafkaClientConfig clientConfig() {
        return secured == null ? KafkaClientConfig.plain(bootstrapServers()) : secured.superUser();
    }

    /** How {@code who} connects to this secured broker (SASL_SSL, its SCRAM password, trusting the local CA). */
    public KafkaClientConfig clientConfig(KafkaAccess who) {
        if (secured == null) {
            throw new IllegalStateException("this broker is not secured: start it with startSecured");
        }
        return secured.clientConfig(who, bootstrapServers());
    }

    /** The secured broker's security, or null. */
    public SecuredListeners security() {
        return secured;
    }

    @Override
    public Path directory() {
        return directory;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, as a crash would: no controlled shutdown. Start again on the same directory and ports. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    /** Stops the broker cleanly (SIGTERM), forcibly if it takes longer than 30 s. */
    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(30));
    }

    /** Waits until this node answers and sees {@code brokers} brokers registered. */
    void awaitReady(int brokers) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + " at start; see "
                        + directory.resolve("kafka.log"));
            }
            try (Admin admin = admin()) {
                if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= brokers) {
                    return;
                }
                sleep(200);
            } catch (Exception e) {
                last = e;
                sleep(200);
            }
        }
        close();
        throw new IllegalStateException("the Kafka broker was not ready within " + START_TIMEOUT.toSeconds() + " s; see "
                + directory.resolve("kafka.log"), last);
    }

    private static Path writeConfig(Path directory, Path data, KafkaNode node, SecuredListeners secured)
            throws IOException {
        String listeners = secured != null ? secured.brokerSettings(node.port(), node.controllerPort())
                : String.join("\n",
                "listeners=PLAINTEXT://127.0.0.1:" + node.port() + ",CONTROLLER://127.0.0.1:" + node.controllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + node.port(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.voters=" + node.voters(),
                listeners,
                "log.dirs=" + data.toAbsolutePath(),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                // Internal topics replicated as the contract's topics are (TopicSpec): on one node, one replica, or
                // transactions and groups never become ready; on three, three with two in sync.
                "default.replication.factor=" + node.replicas(),
                "min.insync.replicas=" + node.minInSync(),
                "offsets.topic.replication.factor=" + node.replicas(),
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=" + node.replicas(),
                "transaction.state.log.min.isr=" + node.minInSync(),
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=" + node.replicas(),
                "share.coordinator.state.topic.min.isr=" + node.minInSync(),
                "group.initial.rebalance.delay.ms=0",
                "log.segment.bytes=67108864",
                "");
        Path file = directory.resolve("server.properties");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        // It holds the key store's password when secured.
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void format(Path directory, String classpath, Path config, String clusterId) throws IOException {
        Path log = directory.resolve("kafka-format.log");
        Process format = java(classpath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString())
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage failed; see " + log + ":\n"
                        + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    /**
     * A random Kafka cluster id: 16 bytes, URL-safe base64 without padding. One starting with '-' is drawn again, as
     * Kafka's own Uuid does: the storage tool would read it as an option.
     */
    static String clusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static ProcessBuilder java(String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-Xms128m", "-Xmx768m",
                "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    static String brokerClasspath() {
        try (InputStream in = LocalKafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build the testkit module with"
                        + " Maven (./mvnw -pl testkit install) so it records where the Kafka jars are");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String first = classpath.split(java.io.File.pathSeparator)[0];
            if (!Files.exists(Path.of(first))) {
                throw new IllegalStateException("the Kafka jars recorded at build time are gone (" + first
                        + "): rebuild with ./mvnw -pl testkit install");
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
