package org.octflow.worker.config;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.runtime.Device;

import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of one worker, validated. {@link WorkerOptions} is its command line: each flag {@code --max-batch}
 * has an environment twin {@code OCTFLOW_MAX_BATCH}; a flag wins over the environment, which wins over the default.
 */
public record WorkerConfig(
        KafkaClientConfig kafka,
        Path modelDir,
        Device device,
        int httpPort,
        String workerId,
        String groupId,
        int maxBatch,
        Duration maxDelay,
        int intraOpThreads,
        int maxQueuedScans,
        Duration commitInterval,
        Duration modelPollInterval,
        int modelRetries,
        Duration sessionTimeout,
        Duration transactionTimeout,
        Duration shutdownTimeout,
        Duration stuckAfter,
        String httpHost,
        boolean leaveGroupOnShutdown,
        boolean createTopics,
        Duration kafkaStartTimeout) {

    public WorkerConfig {
        require(maxBatch >= 1, "max-batch must be at least 1, was " + maxBatch);
        require(!maxDelay.isNegative(), "max-delay-ms must not be negative");
        require(intraOpThreads >= 0, "intra-op-threads must be 0 (ORT decides) or more");
        require(maxQueuedScans >= maxBatch, "max-queued-scans (" + maxQueuedScans
                + ") must be at least max-batch (" + maxBatch + ") or no batch could ever fill");
        require(modelRetries >= 0, "model-retries must not be negative");
        require(!workerId.isBlank(), "worker-id must not be blank: give each worker a stable, unique id");
        require(stuckAfter.compareTo(commitInterval) > 0, "stuck-after-ms must be longer than commit-interval-ms");
    }

    /** Where the brokers are (a flag wins over the Kafka client settings). */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The producer's transactional.id: stable per worker so a restarted worker fences its dead predecessor. */
    public String transactionalId() {
        return groupId + "-" + workerId;
    }

    /** Parses the command line (picocli) over the environment; a wrong or missing value says what to fix. */
    public static WorkerConfig parse(String[] args, Map<String, String> env) {
        CommandLine line = WorkerOptions.commandLine(env);
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + usage());
        }
        return ((WorkerOptions) line.getCommand()).toConfig(env);
    }

    public static String usage() {
        return WorkerOptions.commandLine(Map.of()).getUsageMessage();
    }

    /** Every environment variable the worker reads. */
    public static List<String> environmentVariables() {
        return WorkerOptions.environmentVariables();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
