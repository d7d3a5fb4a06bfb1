package org.octflow.worker.config;

import org.octflow.runtime.Device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of one worker. Each flag {@code --max-batch} has an environment twin {@code OCTFLOW_MAX_BATCH};
 * a flag wins over the environment, which wins over the default.
 */
public record WorkerConfig(
        String bootstrapServers,
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
        boolean createTopics) {

    /** Flag name (without dashes) to default; the order is the order of the usage text. */
    private static final Map<String, String> DEFAULTS = defaults();

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

    /** The producer's transactional.id: stable per worker so a restarted worker fences its dead predecessor. */
    public String transactionalId() {
        return groupId + "-" + workerId;
    }

    public static WorkerConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        DEFAULTS.forEach((flag, value) -> values.put(flag, env.getOrDefault(envName(flag), value)));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + usage());
            }
            String flag = arg.substring(2);
            String value;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + flag + " needs a value\n" + usage());
            }
            if (!DEFAULTS.containsKey(flag)) {
                throw new IllegalArgumentException("unknown option --" + flag + "\n" + usage());
            }
            values.put(flag, value);
        }
        return fromValues(values);
    }

    private static WorkerConfig fromValues(Map<String, String> v) {
        String servers = v.get("bootstrap-servers");
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers (or OCTFLOW_BOOTSTRAP_SERVERS) is required,"
                    + " e.g. localhost:9092\n" + usage());
        }
        return new WorkerConfig(
                servers,
                Path.of(v.get("model-dir")),
                Device.parse(v.get("device")),
                integer(v, "http-port"),
                v.get("worker-id"),
                v.get("group-id"),
                integer(v, "max-batch"),
                Duration.ofMillis(integer(v, "max-delay-ms")),
                integer(v, "intra-op-threads"),
                integer(v, "max-queued-scans"),
                Duration.ofMillis(integer(v, "commit-interval-ms")),
                Duration.ofMillis(integer(v, "model-poll-ms")),
                integer(v, "model-retries"),
                Duration.ofMillis(integer(v, "session-timeout-ms")),
                Duration.ofMillis(integer(v, "transaction-timeout-ms")),
                Duration.ofMillis(integer(v, "shutdown-timeout-ms")),
                Duration.ofMillis(integer(v, "stuck-after-ms")),
                v.get("http-host"),
                bool(v, "leave-group-on-shutdown"),
                bool(v, "create-topics"));
    }

    public static String usage() {
        StringBuilder text = new StringBuilder("usage: inference-worker [--option value]... (or OCTFLOW_* env vars)\n");
        DEFAULTS.forEach((flag, value) -> text.append(String.format("  --%-24s %-32s default %s%n",
                flag, envName(flag), value == null ? "(required)" : value)));
        return text.toString();
    }

    public static String envName(String flag) {
        return "OCTFLOW_" + flag.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public static List<String> flags() {
        return new ArrayList<>(DEFAULTS.keySet());
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("bootstrap-servers", null);
        d.put("model-dir", "models/octmnist-cnn");
        d.put("device", "auto");
        d.put("http-port", "8081");
        d.put("worker-id", hostName());
        d.put("group-id", "octflow-workers");
        d.put("max-batch", "256");
        d.put("max-delay-ms", "5");
        d.put("intra-op-threads", "2");
        d.put("max-queued-scans", "2048");
        d.put("commit-interval-ms", "100");
        d.put("model-poll-ms", "2000");
        d.put("model-retries", "2");
        d.put("session-timeout-ms", "45000");
        d.put("transaction-timeout-ms", "30000");
        d.put("shutdown-timeout-ms", "25000");
        d.put("stuck-after-ms", "60000");
        d.put("http-host", "0.0.0.0");
        d.put("leave-group-on-shutdown", "false");
        d.put("create-topics", "false");
        return java.util.Collections.unmodifiableMap(d);
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "worker-1" : host;
    }

    private static int integer(Map<String, String> values, String flag) {
        String value = values.get(flag);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be a whole number, was '" + value + "'");
        }
    }

    private static boolean bool(Map<String, String> values, String flag) {
        String value = values.get(flag).trim();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("--" + flag + " must be true or false, was '" + value + "'");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
