package org.octflow.worker.config;

import org.junit.jupiter.api.Test;
import org.octflow.runtime.Device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerConfigTest {
    @Test
    void acceptsTheLaunchContractFlags() {
        WorkerConfig config = WorkerConfig.parse(new String[]{"--bootstrap-servers", "kafka:9092", "--model-dir",
                "models/octmnist-cnn", "--device", "auto", "--http-port", "8081", "--worker-id", "w1", "--max-batch",
                "256", "--max-delay-ms", "5", "--intra-op-threads", "2", "--group-id", "octflow-workers"}, Map.of());

        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.modelDir()).isEqualTo(Path.of("models/octmnist-cnn"));
        assertThat(config.device()).isEqualTo(Device.AUTO);
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.workerId()).isEqualTo("w1");
        assertThat(config.maxBatch()).isEqualTo(256);
        assertThat(config.maxDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.intraOpThreads()).isEqualTo(2);
        assertThat(config.transactionalId()).isEqualTo("octflow-workers-w1");
    }

    @Test
    void readsTheEnvironmentAndLetsFlagsWin() {
        WorkerConfig config = WorkerConfig.parse(new String[]{"--max-batch=64"}, Map.of(
                "OCTFLOW_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "OCTFLOW_MAX_BATCH", "128", "OCTFLOW_DEVICE", "cpu",
                "OCTFLOW_WORKER_ID", "from-env"));

        assertThat(config.bootstrapServers()).isEqualTo("env:9092");
        assertThat(config.maxBatch()).isEqualTo(64);
        assertThat(config.device()).isEqualTo(Device.CPU);
        assertThat(config.workerId()).isEqualTo("from-env");
    }

    @Test
    void takesAnyKafkaClientSettingFromTheEnvironmentAndKeepsExactlyOnceSettingsItsOwn() {
        WorkerConfig config = WorkerConfig.parse(new String[]{"--worker-id", "w7"}, Map.of(
                "OCTFLOW_KAFKA_BOOTSTRAP_SERVERS", "kafka:9093", "OCTFLOW_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "OCTFLOW_KAFKA_ISOLATION_LEVEL", "read_uncommitted", "OCTFLOW_KAFKA_LINGER_MS", "20"));

        assertThat(config.bootstrapServers()).isEqualTo("kafka:9093");
        var consumer = config.kafka().clientProperties(Map.of(), Map.of("isolation.level", "read_committed"));
        assertThat(consumer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("isolation.level", "read_committed").containsEntry("linger.ms", "20");
    }

    @Test
    void defaultsMatchTheIssue() {
        WorkerConfig config = WorkerConfig.parse(new String[]{"--bootstrap-servers", "k:1"}, Map.of());
        assertThat(config.maxBatch()).isEqualTo(256);
        assertThat(config.maxDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.device()).isEqualTo(Device.AUTO);
        assertThat(config.groupId()).isEqualTo("octflow-workers");
    }

    @Test
    void saysWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> WorkerConfig.parse(new String[]{}, Map.of()))
                .hasMessageContaining("--bootstrap-servers (or OCTFLOW_KAFKA_BOOTSTRAP_SERVERS) is required");
        assertThatThrownBy(() -> WorkerConfig.parse(new String[]{"--bootstrap-servers", "k:1", "--device", "tpu"},
                Map.of())).hasMessageContaining("use auto, cuda or cpu");
        assertThatThrownBy(() -> WorkerConfig.parse(new String[]{"--bootstrap-servers", "k:1", "--max-batch", "x"},
                Map.of())).hasMessageContaining("'--max-batch': 'x' is not an int");
        assertThatThrownBy(() -> WorkerConfig.parse(new String[]{"--nope", "1"}, Map.of()))
                .hasMessageContaining("Unknown options: '--nope'");
        assertThatThrownBy(() -> WorkerConfig.parse(new String[]{"--bootstrap-servers", "k:1"},
                Map.of("OCTFLOW_MAX_BATCH", "many"))).as("a bad environment value is named too")
                .hasMessageContaining("'many' is not an int");
    }

    @Test
    void everyFlagHasAnEnvironmentTwin() {
        assertThat(WorkerConfig.environmentVariables()).contains("OCTFLOW_MAX_BATCH", "OCTFLOW_STUCK_AFTER_MS",
                "OCTFLOW_CREATE_TOPICS").doesNotContain("OCTFLOW_HELP")
                .as("the brokers' variable is every app's OCTFLOW_KAFKA_BOOTSTRAP_SERVERS")
                .doesNotContain("OCTFLOW_BOOTSTRAP_SERVERS");
    }

    @Test
    void theWorkersOldBrokerVariableStillWorksForOneRelease() {
        WorkerConfig config = WorkerConfig.parse(new String[]{}, Map.of("OCTFLOW_BOOTSTRAP_SERVERS", "old:9092"));

        assertThat(config.bootstrapServers()).isEqualTo("old:9092");
    }

    @Test
    void theBrokerFlagWinsOverTheVariable() {
        WorkerConfig config = WorkerConfig.parse(new String[]{"--bootstrap-servers", "flag:9092"},
                Map.of("OCTFLOW_KAFKA_BOOTSTRAP_SERVERS", "env:9092"));

        assertThat(config.bootstrapServers()).isEqualTo("flag:9092");
    }
}
