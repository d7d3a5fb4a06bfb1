package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.octflow.testkit.JavaProcess;
import org.octflow.testkit.LocalKafka;
import org.octflow.testkit.LocalKafkaBroker;
import org.octflow.testkit.LocalKafkaCluster;
import org.octflow.testkit.LocalPostgres;
import org.octflow.testkit.LocalTls;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The whole system on one machine: Kafka broker, PostgreSQL, gateway and N workers, stopped in reverse order. */
final class LocalStack implements AutoCloseable {
    /** Scans' partitions bound how many workers can be busy at once. */
    static final int SCAN_PARTITIONS = TopicSpec.SCANS.partitions();

    private final StackOptions options;
    /** The one broker, or null when the stack runs on {@link #cluster}. */
    private volatile LocalKafkaBroker kafka;
    private final LocalKafkaCluster cluster;
    private volatile LocalPostgres postgres;
    private final String jdbcUrl;
    private final List<ServiceProcess> services = new ArrayList<>();
    /** More of the gateway's settings (environment form), e.g. where `up --dicom` stores exam reports. */
    private final Map<String, String> gatewaySettings;

    private LocalStack(StackOptions options, LocalKafkaBroker kafka, LocalKafkaCluster cluster, LocalPostgres postgres,
                       String jdbcUrl, Map<String, String> gatewaySettings) {
        this.options = options;
        this.gatewaySettings = Map.copyOf(gatewaySettings);
        this.kafka = kafka;
        this.cluster = cluster;
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
    }

    static LocalStack start(StackOptions options, PrintStream out) {
        return start(options, Map.of(), out);
    }

    /** As {@link #start(StackOptions, PrintStream)}, the gateway also given {@code gatewaySettings}. */
    static LocalStack start(StackOptions options, Map<String, String> gatewaySettings, PrintStream out) {
        Path state = options.stateDir();
        out.println("state and logs: " + state.toAbsolutePath());
        LocalKafkaCluster cluster = options.brokers() > 1
                ? LocalKafkaCluster.start(state.resolve("kafka-cluster"), options.brokers(), options.kafkaPort()) : null;
        LocalKafkaBroker kafka = cluster == null ? startKafka(options) : null;
        LocalKafka running = cluster != null ? cluster : kafka;
        running.createContractTopics();
        out.println("kafka      " + running.bootstrapServers() + (cluster != null
                ? " (KRaft, " + cluster.size() + " combined nodes; topics: 3 replicas, 2 in sync)"
                : " (KRaft, pid " + kafka.pid() + ")")
                + (options.secure() ? ", SASL_SSL with ACLs; an imaging system's client settings: "
                + writeImagingSettings(kafka, state) : ""));
        LocalPostgres postgres = null;
        String jdbcUrl = options.dbUrl();
        if (jdbcUrl == null) {
            postgres = startPostgres(options);
            jdbcUrl = postgres.createDatabase("octflow") + (options.secure()
                    ? "?sslmode=verify-full&sslrootcert=" + postgresTls(options).caCertificate() : "");
        }
        out.println("postgresql " + jdbcUrl + (postgres == null ? " (external)" : " (embedded")
                + (postgres != null && options.secure() ? ", TLS only)" : postgres != null ? ")" : ""));
        LocalStack stack = new LocalStack(options, kafka, cluster, postgres, jdbcUrl, gatewaySettings);
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

    /** The services' health checks by name ("worker-1 live", "gateway ready"...), for {@link HealthTimeline}. */
    Map<String, URI> healthChecks() {
        Map<String, URI> checks = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            URI ready = service.health();
            checks.put(service.name() + " live", ready.resolve(ready.getPath().replace("/ready", "/live")));
            checks.put(service.name() + " ready", ready);
        }
        return checks;
    }

    /** Faults for `./octflow faults`: the broker or PostgreSQL away, and back on the same ports and data. */
    void stopKafka(boolean crash) {
        requireSingleBroker();
        if (crash) {
            kafka.kill();
        } else {
            kafka.close();
        }
    }

    /**
     * Freezes the broker (SIGSTOP): its port neither answers nor refuses, as when a network drops the packets; clients
     * wait out their timeouts instead of failing fast. {@code thaw} resumes it.
     */
    void freezeKafka(boolean thaw) {
        requireSingleBroker();
        if (thaw) {
            Signals.resume(kafka.pid());
        } else {
            Signals.stop(kafka.pid());
        }
    }

    void startKafka() {
        requireSingleBroker();
        kafka = startKafka(options);
    }

    /** The replicated cluster of `--brokers 3`, for the faults that take its nodes away. */
    LocalKafkaCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("this scenario needs a replicated cluster: run it with --brokers 3");
        }
        return cluster;
    }

    private void requireSingleBroker() {
        if (cluster != null) {
            throw new IllegalStateException("this scenario stops the one broker; on a cluster (--brokers 3) run"
                    + " broker-kill, controller-kill or two-brokers-down");
        }
    }

    private LocalKafka kafka() {
        return cluster != null ? cluster : kafka;
    }

    /** A secured broker keeps its own directory: its data and ACLs never mix with a plain stack's. */
    private static LocalKafkaBroker startKafka(StackOptions options) {
        return options.secure()
                ? LocalKafkaBroker.startSecured(options.stateDir().resolve("kafka-secure"), options.kafkaPort(),
                        options.kafkaInternalPort(), options.kafkaControllerPort())
                : LocalKafkaBroker.start(options.stateDir().resolve("kafka"), options.kafkaPort(),
                        options.kafkaControllerPort());
    }

    static Path imagingSettingsFile(Path state) {
        return state.resolve("imaging-client.properties");
    }

    /** For `./octflow send --kafka-config-file`: the imaging principal's settings, readable by this user alone. */
    private static Path writeImagingSettings(LocalKafkaBroker kafka, Path state) {
        Path file = imagingSettingsFile(state);
        Properties properties = new Properties();
        properties.putAll(kafka.clientConfig(KafkaAccess.IMAGING).settings());
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(file)) {
                properties.store(writer, "Kafka client settings of the imaging-system principal (writes scans only)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
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
        postgres = startPostgres(options);
    }

    /** Secured: TLS on and plain connections refused, the gateway verifying the server (sslmode=verify-full). */
    private static LocalPostgres startPostgres(StackOptions options) {
        Path directory = options.stateDir().resolve("postgres");
        return options.secure() ? LocalPostgres.startWithTls(directory, options.postgresPort(), postgresTls(options))
                : LocalPostgres.start(directory, options.postgresPort());
    }

    private static LocalTls postgresTls(StackOptions options) {
        return LocalTls.create(options.stateDir().resolve("postgres-tls"), "octflow-postgres");
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
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", options.dbUrl() == null ? LocalPostgres.USER : options.dbUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", options.dbUrl() == null ? "" : options.dbPassword());
        env.put("OCTFLOW_API_KEYS_SUBMITTER", StackOptions.SUBMITTER_KEY);
        env.put("OCTFLOW_API_KEYS_READER", StackOptions.READER_KEY);
        env.put("OCTFLOW_API_KEYS_REVIEWER", StackOptions.REVIEWER_KEY);
        env.put("OCTFLOW_API_KEYS_IMAGING", StackOptions.IMAGING_KEY);
        // /v2 serves the model the workers load.
        env.put("OCTFLOW_OIP_MODEL_DIR", options.modelDir().toAbsolutePath().toString());
        env.putAll(gatewaySettings);
        // The brokers travel as OCTFLOW_KAFKA_BOOTSTRAP_SERVERS, with the rest of the app's client settings.
        env.putAll(appClient(KafkaAccess.GATEWAY).environment());
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
                        "--model-dir", options.modelDir().toString(),
                        "--device", options.device(),
                        "--http-port", Integer.toString(port),
                        "--http-host", options.bindAddress(),
                        "--worker-id", "local-worker-" + index,
                        "--intra-op-threads", "1"),
                appClient(KafkaAccess.WORKER).environment(), // the brokers as OCTFLOW_KAFKA_BOOTSTRAP_SERVERS
                options.stateDir().resolve("logs/worker-" + index + ".log"),
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
        return kafka().bootstrapServers();
    }

    /** How the launcher's observers (prediction collectors) reach the broker: on a secured one, as its super user. */
    KafkaClientConfig kafkaClient() {
        return kafka().clientConfig();
    }

    /**
     * Waits until every worker has partitions: a worker is ready once it polls, before the group has formed, and a
     * fault that hits a forming group measures the rebalance, not the recovery. False if it did not form in time.
     */
    boolean awaitWorkersAssigned(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(kafkaClient().clientProperties())) {
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(KafkaAccess.WORKER_GROUP))
                            .all().get(5, TimeUnit.SECONDS).get(KafkaAccess.WORKER_GROUP);
                    if (group.members().size() == options.workers() && group.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
                        return true;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not formed yet, or the broker is slow: ask again
                }
                Thread.sleep(250);
            }
        }
        return false;
    }

    /** How the launcher's senders reach the broker: on a secured one, as the imaging system (writes scans only). */
    KafkaClientConfig imagingClient() {
        return appClient(KafkaAccess.IMAGING);
    }

    /** An app's client settings: its principal's on a secured broker, where the brokers are on a plain one. */
    private KafkaClientConfig appClient(KafkaAccess who) {
        return options.secure() ? kafka.clientConfig(who) : KafkaClientConfig.plain(kafka().bootstrapServers());
    }

    /** Every password and key-store secret of a secured stack (none on a plain one): what no log may show. */
    List<String> secrets() {
        return options.secure() ? kafka.security().secrets() : List.of();
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
        kafka().close();
        if (postgres != null) {
            postgres.close();
        }
    }
}
