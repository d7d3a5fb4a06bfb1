package org.octflow.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on Kafka over SASL_SSL with ACLs, as real processes: scans sent straight to Kafka as the imaging
 * system and uploaded through the gateway, predicted by a worker as its own principal, stored by the gateway as its
 * own over TLS to a PostgreSQL that refuses plain connections; each exactly once, and no password or key-store
 * secret in any log or in the output.
 */
class SecuredPipelineIT {
    @TempDir
    Path dir;

    @Test
    void everyScanIsPredictedAndStoredExactlyOnceOverSaslSslAndNoLogShowsASecret() throws Exception {
        Path data = Launcher.generatedSplits(dir.resolve("generated.npz"), 40);
        Path state = dir.resolve("state");

        Launcher.Run faults = Launcher.run(dir.resolve("faults.log"), Duration.ofMinutes(8), "faults", "--secure",
                "--scenario", "none", "--scans", "60", "--workers", "1", "--data", data.toString(),
                "--state", state.toString());

        assertThat(faults.finished()).as("finished within 8 minutes").isTrue();
        assertThat(faults.output()).containsPattern("none +80/60 +140 +0 +0 +0 +140 ");
        assertThat(faults.exitCode()).as("exit code; output:%n%s", faults.output()).isZero();

        try (Stream<Path> files = Files.walk(state)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).as("PostgreSQL ran TLS only")
                    .contains("pg_hba_tls.conf");
        }

        List<String> secrets = secretsOf(state);
        assertThat(secrets).as("the broker's users and key stores").hasSizeGreaterThanOrEqualTo(4);
        List<Path> logs = logsUnder(state);
        assertThat(logs).as("the gateway's, the worker's and the broker's logs")
                .anyMatch(p -> p.endsWith("gateway.log")).anyMatch(p -> p.endsWith("worker-1.log"))
                .anyMatch(p -> p.endsWith("kafka.log"));
        for (Path log : logs) {
            String text = Files.readString(log);
            assertThat(secrets).allSatisfy(secret -> assertThat(text).as("%s shows a secret", log)
                    .doesNotContain(secret));
        }
        assertThat(secrets).allSatisfy(secret -> assertThat(faults.output()).doesNotContain(secret));
        assertThat(Files.readString(logs.stream().filter(p -> p.endsWith("worker-1.log")).findFirst().orElseThrow()))
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]");
    }

    /** The passwords the secured broker made at start (its users' and its key stores'), read from where it keeps them. */
    private static List<String> secretsOf(Path state) throws Exception {
        try (Stream<Path> files = Files.walk(state)) {
            return files.filter(p -> p.getFileName().toString().equals("scram-users.properties")
                            || p.getFileName().toString().equals("store-password"))
                    .flatMap(SecuredPipelineIT::values).filter(v -> v.length() >= 12).distinct().toList();
        }
    }

    private static Stream<String> values(Path file) {
        try {
            if (!file.toString().endsWith(".properties")) {
                return Stream.of(Files.readString(file).strip());
            }
            Properties properties = new Properties();
            try (var reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            return properties.stringPropertyNames().stream().map(properties::getProperty);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> logsUnder(Path state) throws Exception {
        try (Stream<Path> files = Files.walk(state)) {
            // Not the broker's data/: its segment files end in .log too, and hold records, not logging.
            return files.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log"))
                    .filter(p -> !state.relativize(p).toString().contains("/data/")).toList();
        }
    }
}
