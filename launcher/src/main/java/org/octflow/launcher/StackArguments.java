package org.octflow.launcher;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** The options `up`, `demo` and `faults` share (a picocli mixin), turned into {@link StackOptions}. */
final class StackArguments {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    @Option(names = "--workers", defaultValue = "1", description = "inference workers to start")
    int workers;
    @Option(names = "--state", description = "data and logs of every process (default: .octflow/)")
    Path state;
    @Option(names = "--gateway-port", defaultValue = "8080")
    int gatewayPort;
    @Option(names = "--kafka-port", defaultValue = "9092", description = "the broker's; its controller takes the next (--secure: and its internal listener the one after)")
    int kafkaPort;
    @Option(names = "--postgres-port", defaultValue = "54329")
    int postgresPort;
    @Option(names = "--worker-port", defaultValue = "8091", description = "the first worker's HTTP port; then +1 each")
    int workerPort;
    @Option(names = "--device", defaultValue = "auto", description = "auto, cuda or cpu")
    String device;
    @Option(names = "--model", description = "model directory (default: models/octmnist-cnn)")
    Path model;
    @Option(names = "--db-url", description = "an external PostgreSQL instead of the embedded one")
    String dbUrl;
    @Option(names = "--db-user", defaultValue = "octflow")
    String dbUser;
    @Option(names = "--db-password", defaultValue = "${env:OCTFLOW_DB_PASSWORD}")
    String dbPassword;
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "where the gateway and workers listen")
    String bind;
    @Option(names = "--secure", description = "Kafka over SASL_SSL with SCRAM users and ACLs; each app connects as its"
            + " own principal (certificates and passwords made at start, in the state directory)")
    boolean secure;
    @Option(names = "--brokers", defaultValue = "1", description = "1, or 3 for a replicated cluster (KRaft nodes"
            + " on --kafka-port and the 5 ports after it; topics with 3 replicas, 2 in sync)")
    int brokers;

    StackOptions toOptions() {
        Path home = home();
        if (workers < 1 || workers > LocalStack.SCAN_PARTITIONS) {
            throw new ParameterException(spec.commandLine(), "--workers must be 1.." + LocalStack.SCAN_PARTITIONS
                    + " (the scans topic's partitions: more workers would sit idle)");
        }
        if (brokers != 1 && brokers != 3) {
            throw new ParameterException(spec.commandLine(), "--brokers must be 1 or 3");
        }
        if (brokers > 1 && secure) {
            throw new ParameterException(spec.commandLine(), "--secure runs one broker for now: the secured cluster"
                    + " is not built yet; use --secure or --brokers 3");
        }
        return new StackOptions(home, (state != null ? state : home.resolve(".octflow")).toAbsolutePath(),
                kafkaPort, kafkaPort + 1, postgresPort, gatewayPort, workers, workerPort,
                (model != null ? model : home.resolve("models/octmnist-cnn")).toAbsolutePath(), device, dbUrl,
                dbUser, dbPassword, bind, secure, brokers);
    }

    /** The repository root, where the modules' jars and models/ are. */
    static Path home() {
        return Path.of(System.getProperty("octflow.home", ".")).toAbsolutePath().normalize();
    }
}
