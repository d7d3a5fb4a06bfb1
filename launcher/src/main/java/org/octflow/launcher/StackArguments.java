package org.octflow.launcher;

import java.nio.file.Path;
import java.util.Set;

/** The options `up` and `demo` share, turned into {@link StackOptions}. */
final class StackArguments {
    static final Set<String> VALUED = Set.of("workers", "state", "gateway-port", "kafka-port", "device", "model",
            "db-url", "db-user", "db-password", "postgres-port", "worker-port", "bind");

    private StackArguments() {
    }

    static StackOptions from(Arguments args) {
        Path home = Path.of(System.getProperty("octflow.home", ".")).toAbsolutePath().normalize();
        int kafkaPort = args.getInt("kafka-port", 9092);
        int workers = args.getInt("workers", 1);
        if (workers < 1 || workers > LocalStack.SCAN_PARTITIONS) {
            throw new Arguments.UsageException("--workers must be 1.." + LocalStack.SCAN_PARTITIONS
                    + " (the scans topic's partitions: more workers would sit idle)");
        }
        String dbUrl = args.get("db-url", null);
        return new StackOptions(home,
                args.getPath("state", home.resolve(".octflow")).toAbsolutePath(),
                kafkaPort, kafkaPort + 1, args.getInt("postgres-port", 54329),
                args.getInt("gateway-port", 8080), workers, args.getInt("worker-port", 8091),
                args.getPath("model", home.resolve("models/octmnist-cnn")).toAbsolutePath(),
                args.get("device", "auto"),
                dbUrl, args.get("db-user", "octflow"), args.get("db-password", System.getenv("OCTFLOW_DB_PASSWORD")),
                args.get("bind", "127.0.0.1"));
    }
}
