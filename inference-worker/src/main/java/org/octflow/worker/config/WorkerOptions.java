package org.octflow.worker.config;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.runtime.Device;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The worker's command line (picocli). Every flag has an environment twin, {@code --max-batch} =
 * {@code OCTFLOW_MAX_BATCH}, read by {@link EnvironmentDefaults}: a flag wins over the environment, which wins over
 * the default.
 */
@Command(name = "inference-worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Consumes ScanBatches, predicts them with the model runtime in dynamic batches and writes"
                + " PredictionBatches exactly once. Every option also reads from OCTFLOW_<OPTION> (e.g."
                + " OCTFLOW_MAX_BATCH).")
final class WorkerOptions {
    @Option(names = "--bootstrap-servers", description = "Kafka brokers, e.g. localhost:9092 (required; or"
            + " OCTFLOW_KAFKA_BOOTSTRAP_SERVERS, as in every app)")
    String bootstrapServers;
    @Option(names = "--kafka-config-file", description = "Kafka client properties (TLS, SASL...); every"
            + " OCTFLOW_KAFKA_<PROPERTY> variable is one too, e.g. OCTFLOW_KAFKA_SECURITY_PROTOCOL=SASL_SSL")
    Path kafkaConfigFile;
    @Option(names = "--model-dir", defaultValue = "models/octmnist-cnn",
            description = "model.onnx + manifest.json, watched for new versions")
    Path modelDir;
    @Option(names = "--device", defaultValue = "auto", converter = DeviceConverter.class,
            description = "auto (CUDA, else CPU), cuda (required), cpu")
    Device device;
    @Option(names = "--http-port", defaultValue = "8081", description = "/health/live, /health/ready, /metrics")
    int httpPort;
    @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "where HTTP listens")
    String httpHost;
    @Option(names = "--worker-id", defaultValue = "${env:HOSTNAME:-worker-1}",
            description = "stable and unique per worker: its transactional id and group instance id")
    String workerId;
    @Option(names = "--group-id", defaultValue = "octflow-workers", description = "consumer group")
    String groupId;
    @Option(names = "--max-batch", defaultValue = "256", description = "scans per model run")
    int maxBatch;
    @Option(names = "--max-delay-ms", defaultValue = "5", description = "longest wait for a model run to fill")
    int maxDelayMs;
    @Option(names = "--intra-op-threads", defaultValue = "2", description = "ONNX Runtime threads per run (0 = it decides)")
    int intraOpThreads;
    @Option(names = "--max-queued-scans", defaultValue = "2048",
            description = "consumed but not yet emitted before partitions are paused")
    int maxQueuedScans;
    @Option(names = "--commit-interval-ms", defaultValue = "100", description = "longest transaction while busy")
    int commitIntervalMs;
    @Option(names = "--model-poll-ms", defaultValue = "2000", description = "how often the model directory is checked")
    int modelPollMs;
    @Option(names = "--model-retries", defaultValue = "2",
            description = "retries of a failing model run before its scans are dead-lettered")
    int modelRetries;
    @Option(names = "--session-timeout-ms", defaultValue = "45000", description = "consumer group session")
    int sessionTimeoutMs;
    @Option(names = "--transaction-timeout-ms", defaultValue = "30000",
            description = "how long a dead worker's open transaction can block read_committed readers")
    int transactionTimeoutMs;
    @Option(names = "--shutdown-timeout-ms", defaultValue = "25000",
            description = "longest wait for in-flight work at SIGTERM")
    int shutdownTimeoutMs;
    @Option(names = "--stuck-after-ms", defaultValue = "60000",
            description = "records waiting this long without a commit while Kafka answers fail liveness")
    int stuckAfterMs;
    @Option(names = "--leave-group-on-shutdown", defaultValue = "false", arity = "1",
            description = "true gives the partitions away at SIGTERM (scale-down); false keeps them for a restart")
    boolean leaveGroupOnShutdown;
    @Option(names = "--start-timeout-ms", defaultValue = "120000",
            description = "give up (exit 1) when Kafka never answered this long since start; 0 waits for ever")
    int kafkaStartTimeoutMs;
    @Option(names = "--create-topics", defaultValue = "false", arity = "1",
            description = "create the contract's missing topics at start")
    boolean createTopics;

    WorkerConfig toConfig(Map<String, String> env) {
        // The worker's own variables are never client properties, even where a name starts with the prefix.
        KafkaClientConfig kafka = KafkaClientConfig.load(env, kafkaConfigFile, Set.copyOf(environmentVariables()))
                .withBootstrapServers(bootstrapServers);
        if (!kafka.settings().containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("--bootstrap-servers (or " + KafkaClientConfig.BOOTSTRAP_SERVERS_ENV
                    + ") is required, e.g. localhost:9092");
        }
        return new WorkerConfig(kafka, modelDir, device, httpPort, workerId, groupId, maxBatch,
                Duration.ofMillis(maxDelayMs), intraOpThreads, maxQueuedScans, Duration.ofMillis(commitIntervalMs),
                Duration.ofMillis(modelPollMs), modelRetries, Duration.ofMillis(sessionTimeoutMs),
                Duration.ofMillis(transactionTimeoutMs), Duration.ofMillis(shutdownTimeoutMs),
                Duration.ofMillis(stuckAfterMs), httpHost, leaveGroupOnShutdown, createTopics,
                Duration.ofMillis(kafkaStartTimeoutMs));
    }

    static CommandLine commandLine(Map<String, String> env) {
        // A later flag overrides an earlier one: wrappers append overrides to a base command line.
        return new CommandLine(new WorkerOptions()).setDefaultValueProvider(new EnvironmentDefaults(env))
                .setOverwrittenOptionsAllowed(true);
    }

    /** The environment variable of a flag: {@code --max-batch} reads {@code OCTFLOW_MAX_BATCH}. */
    static String envName(String flag) {
        return "OCTFLOW_" + flag.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Every flag's environment twin, for the manifests' check that they set only what the worker reads. */
    static List<String> environmentVariables() {
        return commandLine(Map.of()).getCommandSpec().options().stream()
                .filter(option -> option.longestName().startsWith("--") && !option.usageHelp() && !option.versionHelp())
                .map(option -> envName(option.longestName())).filter(name -> !hasNoTwin(name)).toList();
    }

    /**
     * The brokers' variable is every app's {@code OCTFLOW_KAFKA_BOOTSTRAP_SERVERS}; the flag's own twin is a deprecated
     * name that {@link KafkaClientConfig} reads with a warning, so it is no twin here.
     */
    private static boolean hasNoTwin(String envName) {
        return KafkaClientConfig.DEPRECATED_BOOTSTRAP_SERVERS_ENV.contains(envName);
    }

    /** Reads each option's environment twin; null lets the annotation's default apply. */
    static final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
        private final Map<String, String> env;

        EnvironmentDefaults(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (arg instanceof CommandLine.Model.OptionSpec option) {
                String name = envName(option.longestName());
                String value = hasNoTwin(name) ? null : env.get(name);
                return value == null || value.isBlank() ? null : value;
            }
            return null;
        }
    }

    static final class DeviceConverter implements CommandLine.ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            return Device.parse(value);
        }
    }
}
