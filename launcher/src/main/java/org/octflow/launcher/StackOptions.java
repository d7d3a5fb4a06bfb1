package org.octflow.launcher;

import java.nio.file.Path;

/**
 * How `up` and `demo` lay out the local stack.
 *
 * @param home        the repository root (where the modules' jars and models/ are)
 * @param stateDir    data and logs of every process; a second `up` on it reuses the stored data
 * @param dbUrl       an external PostgreSQL JDBC URL, or null for the embedded one in stateDir
 * @param bindAddress where the gateway and workers listen: loopback unless asked (--bind 0.0.0.0)
 * @param secure      Kafka with SASL_SSL, SCRAM users and ACLs: each app connects as its own principal
 * @param brokers     1, or a replicated cluster of that many KRaft nodes on kafkaPort and the ports after it
 */
record StackOptions(Path home, Path stateDir, int kafkaPort, int kafkaControllerPort, int postgresPort,
                    int gatewayPort, int workers, int firstWorkerPort, Path modelDir, String device,
                    String dbUrl, String dbUser, String dbPassword, String bindAddress, boolean secure, int brokers) {

    /** Dev-only API keys for the local stack; production keys come from the environment or a secret. */
    static final String SUBMITTER_KEY = "local-dev-submitter-key";
    static final String READER_KEY = "local-dev-reader-key";
    static final String REVIEWER_KEY = "local-dev-reviewer-key";
    static final String IMAGING_KEY = "local-dev-imaging-key";

    /** The secured broker's mutual-TLS listener, for the stack's own admin and observers: after the controller's. */
    int kafkaInternalPort() {
        return kafkaControllerPort + 1;
    }

    String dashboardUrl() {
        return "http://127.0.0.1:" + gatewayPort + "/";
    }
}
