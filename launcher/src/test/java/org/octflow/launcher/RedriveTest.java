package org.octflow.launcher;

import org.octflow.contracts.kafka.KafkaClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.PredictionRecords;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanError;
import org.octflow.testkit.LocalKafkaBroker;
import org.octflow.testkit.TopicReader;
import org.octflow.worker.Worker;
import org.octflow.worker.config.WorkerConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a model failure is fixed, `./octflow redrive --code MODEL_FAILURE` sends its dead-lettered scans back; the
 * worker predicts each once, and running redrive again sends nothing twice.
 */
class RedriveTest {
    private static final Path MODEL = Path.of("..", "models", "octmnist-cnn");

    @TempDir
    Path dir;

    @Test
    void redrivenScansArePredictedOnceHoweverOftenRedriveRuns() throws Exception {
        Assumptions.assumeTrue(Files.exists(MODEL.resolve("manifest.json")), "skipped: no model in " + MODEL);
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"))) {
            broker.createContractTopics();
            ScanBatch failed = ScanBatch.newBuilder().setBatchId("failed-once").addScans(Scan.newBuilder()
                    .setScanId("scan-1").setEncoding(ImageEncoding.RAW_GREY8).setWidth(28).setHeight(28)
                    .setImage(com.google.protobuf.ByteString.copyFrom(new byte[28 * 28]))).build();
            ScanError modelFailure = ScanError.newBuilder().setCode(ErrorCode.MODEL_FAILURE)
                    .setReason("model failed 3 times").build();
            deadLetter(broker, DeadLetters.ofScan(new RecordOrigin(Topics.SCANS, 0, 7),
                    DeadLetters.sha256(failed.toByteArray()), "failed-once".getBytes(StandardCharsets.UTF_8), failed, 0,
                    modelFailure));
            ScanBatch other = failed.toBuilder().setBatchId("other").build();
            deadLetter(broker, DeadLetters.ofScan(new RecordOrigin(Topics.SCANS, 0, 8),
                    DeadLetters.sha256(other.toByteArray()), "other".getBytes(StandardCharsets.UTF_8), other, 0,
                    modelFailure.toBuilder().setCode(ErrorCode.UNDECODABLE_IMAGE).build()));

            Redriver.Result first;
            try (Redriver redriver = new Redriver(KafkaClientConfig.plain(broker.bootstrapServers()), "MODEL_FAILURE")) {
                first = redriver.redrive(null, null);
            }
            assertThat(first.redriven()).isEqualTo(1);
            assertThat(first.otherCodes()).isEqualTo(1);

            try (Worker worker = Worker.start(WorkerConfig.parse(new String[]{"--bootstrap-servers",
                    broker.bootstrapServers(), "--model-dir", MODEL.toString(), "--worker-id", "redrive-w1",
                    "--http-port", "0", "--intra-op-threads", "1", "--device", "cpu"}, Map.of()))) {
                assertThat(predictionsOf("failed-once", broker, 1)).hasSize(1);

                Redriver.Result second;
                try (Redriver redriver = new Redriver(KafkaClientConfig.plain(broker.bootstrapServers()), "MODEL_FAILURE")) {
                    second = redriver.redrive(null, null);
                }
                assertThat(second.redriven()).as("nothing is sent back twice").isZero();
                assertThat(predictionsOf("failed-once", broker, 1)).as("predicted once").hasSize(1);
            }
        }
    }

    private static List<PredictionBatch> predictionsOf(String batchId, LocalKafkaBroker broker, int expected) {
        try (TopicReader reader = TopicReader.fromBeginning(broker.bootstrapServers(), Topics.PREDICTIONS)) {
            return reader.collect(r -> PredictionRecords.read(r.value()).map(p -> p.getBatchId().equals(batchId))
                            .orElse(false), expected, Duration.ofSeconds(60), Duration.ofSeconds(5)).stream()
                    .map(r -> PredictionRecords.read(r.value()).orElseThrow()).toList();
        }
    }

    private static void deadLetter(LocalKafkaBroker broker,
                                   org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> letter)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(letter).get();
        }
    }
}
