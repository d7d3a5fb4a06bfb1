package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.TopicSpec;
import org.octflow.testkit.JavaProcess;
import org.octflow.testkit.LocalKafkaBroker;
import org.octflow.testkit.LocalPostgres;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The whole system on one machine: Kafka broker, PostgreSQL, gateway and N workers, stopped in reverse order. */
final class LocalStack implements AutoCloseable {
    /** Scans' partitions bound how many workers can be busy at once. */
    static final int SCAN_PARTITIONS = TopicSpec.SCANS.partitions();

    private final StackOptions options;
    private volatile LocalKafkaBroker kafka;
    private volatile LocalPostgres postgres;
    private final String jdbcUrl;
    private final List<ServiceProcess> services = new ArrayList<>();

    private LocalStack(StackOptions options, LocalKafkaBroker kafka, LocalPostgres postgres, String jdbcUrl) {
        this.options = options;
        this.kafka = kafka;
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
    }

    static LocalStack start(StackOptions options, PrintStream out) {
        Path state = options.stateDir();
        out.println("state and logs: " + state.toAbsolutePath());
        LocalKafkaBroker kafka = LocalKafkaBroker.start(state.resolve("kafka"), options.kafkaPort(),
                options.kafkaControllerPort());
        kafka.createContractTopics();
        out.println("kafka      " + kafka.bootstrapServers() + " (KRaft, pid " + kafka.pid() + ")");
        LocalPostgres postgres = null;
        String jdbcUrl = options.dbUrl();
        if (jdbcUrl == null) {
            postgres = LocalPostgres.start(state.resolve("postgres"), options.postgresPort());
            jdbcUrl = postgres.createDatabase("octflow");
        }
        out.println("postgresql " + jdbcUrl + (postgres == null ? " (external)" : " (embedded)"));
        LocalStack stack = new LocalStack(options, kafka, postgres, jdbcUrl);
        try {
            stack.startGateway(out);
            for (int i = 0; i < options.workers(); i++) {
                stack.startWorker(i + 1, out);
            }
            stack.services.forEach(s -> s.awaitHealthy(Duration.ofSeconds(120)));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    ServiceProcess gateway() {
        return services.get(0);
    }

    /** Worker {@code index}, from 1. */
    ServiceProcess worker(int index) {
        return services.get(index);
    }

    /** Faults for `./octflow faults`: the broker or PostgreSQL away, and back on the same ports and data. */
    void stopKafka(boolean crash) {
        if (crash) {
            kafka.kill();
        } else {
            kafka.close();
        }
    }

    void startKafka() {
        kafka = LocalKafkaBroker.start(options.stateDir().resolve("kafka"), options.kafkaPort(),
                options.kafkaControllerPort());
    }

    void stopPostgres(boolean crash) {
        requireEmbeddedPostgres();
        if (crash) {
            postgres.kill();
        } else {
            postgres.close();
        }
    }

    void startPostgres() {
        requireEmbeddedPostgres();
        postgres = LocalPostgres.start(options.stateDir().resolve("postgres"), options.postgresPort());
    }

    private void requireEmbeddedPostgres() {
        if (postgres == null) {
            throw new IllegalStateException("the stack uses an external database (--db-url): it cannot stop it");
        }
    }

    private void startGateway(PrintStream out) {
        Path jar = options.home().resolve("gateway/target/quarkus-app/quarkus-run.jar");
        requireBuilt(jar);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(options.gatewayPort()));
        env.put("QUARKUS_HTTP_HOST", options.bindAddress());
        env.put("OCTFLOW_INSTANCE_ID", "local-gateway-1");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", options.dbUrl() == null ? LocalPostgres.USER : options.dbUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", options.dbUrl() == null ? "" : options.dbPassword());
        env.put("OCTFLOW_API_KEYS_SUBMITTER", StackOptions.SUBMITTER_KEY);
        env.put("OCTFLOW_API_KEYS_READER", StackOptions.READER_KEY);
        ServiceProcess gateway = ServiceProcess.start("gateway",
                List.of(JavaProcess.javaBinary(), "-Xmx512m", "-jar", jar.toString()), env,
                options.stateDir().resolve("logs/gateway.log"),
                URI.create("http://127.0.0.1:" + options.gatewayPort() + "/q/health/ready"), out);
        services.add(gateway);
        out.println("gateway    " + options.dashboardUrl() + " (pid " + gateway.pid() + ")");
    }

    private void startWorker(int index, PrintStream out) {
        Path jar = options.home().resolve("inference-worker/target/inference-worker.jar");
        requireBuilt(jar);
        int port = options.firstWorkerPort() + index - 1;
        ServiceProcess worker = ServiceProcess.start("worker-" + index,
                List.of(JavaProcess.javaBinary(), "-Xmx768m", "-jar", jar.toString(),
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--model-dir", options.modelDir().toString(),
                        "--device", options.device(),
                        "--http-port", Integer.toString(port),
                        "--http-host", options.bindAddress(),
                        "--worker-id", "local-worker-" + index,
                        "--intra-op-threads", "1"),
                Map.of(), options.stateDir().resolve("logs/worker-" + index + ".log"),
                URI.create("http://127.0.0.1:" + port + "/health/ready"), out);
        services.add(worker);
        out.println("worker " + index + "   http://127.0.0.1:" + port + "/metrics (pid " + worker.pid() + ")");
    }

    private static void requireBuilt(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -B -ntp package -DskipTests"
                    + " (./octflow does this when a jar is missing)");
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** How the launcher's own clients (senders, collectors) reach the stack's broker. */
    KafkaClientConfig kafkaClient() {
        return KafkaClientConfig.plain(kafka.bootstrapServers());
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    StackOptions options() {
        return options;
    }

    List<ServiceProcess> services() {
        return services;
    }

    @Override
    public void close() {
        // Workers first (they finish and commit in-flight batches), then the gateway, then the infrastructure.
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        kafka.close();
        if (postgres != null) {
            postgres.close();
        }
    }
}
