package org.octflow.contracts.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientConfigTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"worker\" password=\"s3cret-pw\";";

    @Test
    void mapsOctflowKafkaVariablesToClientProperties() {
        KafkaClientConfig config = KafkaClientConfig.load(Map.of(
                "OCTFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "OCTFLOW_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "OCTFLOW_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "OCTFLOW_MAX_BATCH", "64", "PATH", "/usr/bin"), null, Set.of());

        assertThat(config.settings()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"), Map.entry("sasl.jaas.config", JAAS));
    }

    @Test
    void readsAPropertiesFileAndTheEnvironmentWinsOverIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/kafka/ca.p12\ncompression.type=zstd\n");

        KafkaClientConfig config = KafkaClientConfig.load(Map.of(KafkaClientConfig.FILE_ENV, file.toString(),
                "OCTFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), null, Set.of());

        assertThat(config.settings()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12")
                .containsEntry("compression.type", "zstd");
    }

    @Test
    void whatTheAppRequiresWinsAndWhatItMerelyPrefersCanBeTuned() {
        KafkaClientConfig config = KafkaClientConfig.load(Map.of("OCTFLOW_KAFKA_LINGER_MS", "20",
                "OCTFLOW_KAFKA_ISOLATION_LEVEL", "read_uncommitted"), null, Set.of());

        Properties props = config.clientProperties(Map.of("linger.ms", 2), Map.of("isolation.level", "read_committed"));

        assertThat(props).containsEntry("linger.ms", "20").containsEntry("isolation.level", "read_committed");
    }

    @Test
    void neverDescribesASecret() {
        KafkaClientConfig config = KafkaClientConfig.load(Map.of("OCTFLOW_KAFKA_SASL_JAAS_CONFIG", JAAS,
                "OCTFLOW_KAFKA_SSL_KEYSTORE_PASSWORD", "ks-pw", "OCTFLOW_KAFKA_SSL_KEY_PASSWORD", "k-pw",
                "OCTFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL"), null, Set.of());

        assertThat(config.describe()).doesNotContain("s3cret-pw", "ks-pw", "k-pw").contains("SASL_SSL", "[hidden]");
    }

    @Test
    void theAppsOwnVariablesOfThePrefixAreNotClientProperties() {
        KafkaClientConfig config = KafkaClientConfig.load(Map.of("OCTFLOW_KAFKA_GROUP_ID", "octflow-gateway",
                "OCTFLOW_KAFKA_CLIENT_RACK", "zone-a"), null, Set.of("OCTFLOW_KAFKA_GROUP_ID"));

        assertThat(config.settings()).containsOnly(Map.entry("client.rack", "zone-a"));
    }

    @Test
    void aBootstrapFlagWinsOverTheConfiguredBrokersAndTheirAbsenceSaysWhatToSet() {
        KafkaClientConfig configured = KafkaClientConfig.load(Map.of("OCTFLOW_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093"),
                null, Set.of());

        assertThat(configured.withBootstrapServers("localhost:9092").bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(configured.withBootstrapServers(null).bootstrapServers()).isEqualTo("kafka:9093");
        assertThatThrownBy(() -> KafkaClientConfig.of(Map.of()).bootstrapServers())
                .hasMessageContaining("set OCTFLOW_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void handsItsSettingsToAChildProcessAsTheVariablesItReads() {
        KafkaClientConfig parent = KafkaClientConfig.of(Map.of("bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL", "sasl.jaas.config", JAAS));
        assertThat(parent.environment()).containsEntry("OCTFLOW_KAFKA_SASL_JAAS_CONFIG", JAAS);
        assertThat(KafkaClientConfig.load(parent.environment(), null, Set.of()).settings())
                .isEqualTo(parent.settings());
    }

    @Test
    void anUnreadableFileSaysWhatToFixByTheNameTheUserGaveIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> KafkaClientConfig.load(Map.of(KafkaClientConfig.FILE_ENV, missing.toString()), null,
                Set.of())).hasMessageContaining("cannot read the Kafka client settings")
                .hasMessageContaining("point " + KafkaClientConfig.FILE_ENV + " at");
        assertThatThrownBy(() -> KafkaClientConfig.load(Map.of(), missing, Set.of()))
                .hasMessageContaining("--kafka-config-file").hasMessageContaining("octflow.kafka.config-file")
                .hasMessageNotContaining("--kafka-config ");
    }

    @Test
    void theOldBrokerVariablesStillWorkForOneReleaseWithOneWarningNamingTheNewOne() {
        for (String old : List.of("OCTFLOW_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS")) {
            List<String> warnings = new ArrayList<>();

            KafkaClientConfig config = KafkaClientConfig.load(Map.of(old, "old:9092"), null, Set.of(), warnings::add);

            assertThat(config.bootstrapServers()).isEqualTo("old:9092");
            assertThat(warnings).singleElement().asString().contains(old, "deprecated",
                    "set OCTFLOW_KAFKA_BOOTSTRAP_SERVERS instead");
        }
    }

    @Test
    void theNewBrokerVariableWinsOverAnOldOne() {
        List<String> warnings = new ArrayList<>();

        KafkaClientConfig config = KafkaClientConfig.load(Map.of("OCTFLOW_KAFKA_BOOTSTRAP_SERVERS", "new:9092",
                "KAFKA_BOOTSTRAP_SERVERS", "old:9092"), null, Set.of(), warnings::add);

        assertThat(config.bootstrapServers()).isEqualTo("new:9092");
        assertThat(warnings).singleElement().asString().contains("KAFKA_BOOTSTRAP_SERVERS", "ignored");
    }

    @Test
    void withOnlyTheNewNameNothingIsWarned() {
        List<String> warnings = new ArrayList<>();
        KafkaClientConfig.load(Map.of("OCTFLOW_KAFKA_BOOTSTRAP_SERVERS", "new:9092"), null, Set.of(), warnings::add);
        assertThat(warnings).isEmpty();
    }
}
