package org.octflow.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.octflow.testkit.FreePorts;
import org.octflow.testkit.LocalKafkaBroker;
import org.octflow.testkit.LocalPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Kafka broker and a real PostgreSQL for the gateway under test. Every test class declares this same resource,
 * so Quarkus starts the stack and the application once for the whole suite. The contract's topics are created as
 * the local stack creates them.
 */
public class OctflowStack implements QuarkusTestResourceLifecycleManager {
    private final int kafkaPort = FreePorts.next();
    private final int controllerPort = FreePorts.next();
    private final int postgresPort = FreePorts.next();
    private Path directory;
    private volatile LocalKafkaBroker kafka;
    private volatile LocalPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "octflow-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startKafka();
        kafka.createContractTopics();
        postgres = LocalPostgres.start(directory.resolve("postgres"), postgresPort);
        String jdbcUrl = postgres.createDatabase("octflow");
        return Map.of(
                "octflow.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", LocalPostgres.USER,
                "quarkus.datasource.password", "");
    }

    /** Hands tests a way to take the broker or the database away and bring it back, on the same ports and data. */
    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new KafkaOutage(this::stopKafka, this::startKafka),
                new TestInjector.MatchesType(KafkaOutage.class));
        injector.injectIntoFields(new DatabaseOutage(this::killPostgres, this::stopPostgres, this::startPostgres),
                new TestInjector.MatchesType(DatabaseOutage.class));
    }

    private synchronized void killPostgres() {
        postgres.kill();
    }

    private synchronized void stopPostgres() {
        postgres.close();
    }

    private synchronized void startPostgres() {
        postgres = LocalPostgres.start(directory.resolve("postgres"), postgresPort);
    }

    private synchronized void startKafka() {
        kafka = LocalKafkaBroker.start(directory.resolve("kafka"), kafkaPort, controllerPort);
    }

    private synchronized void stopKafka() {
        kafka.close();
    }

    @Override
    public void stop() {
        try (LocalKafkaBroker k = kafka; LocalPostgres p = postgres) {
            // closed in reverse order by try-with-resources
        } finally {
            deleteQuietly(directory);
        }
    }

    static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // leftovers under target/ go with the next clean
        }
    }
}
