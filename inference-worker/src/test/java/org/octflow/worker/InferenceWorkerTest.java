package org.octflow.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.contracts.Headers;
import org.octflow.contracts.manifest.ManifestFiles;
import org.octflow.contracts.manifest.ModelManifest;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.testkit.KafkaBrokerExtension;
import org.octflow.worker.support.KafkaFixture;
import org.octflow.testkit.TestModels;
import org.octflow.worker.support.TestScans;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** One in-process worker per test against a real Kafka broker and the real exported model. */
class InferenceWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaBrokerExtension broker = KafkaBrokerExtension.plain();
    /** Each test's producer and readers, on the class's broker. */
    @AutoClose
    private final KafkaFixture kafka = KafkaFixture.on(broker);

    @Test
    void predictsEveryScanOfABatchInOrderWithTheExportedModel() throws Exception {
        Path model = TestModels.defaultModel();
        ModelManifest manifest = ManifestFiles.readVerified(model);
        kafka.startGroupAtEnd("happy");
        try (Worker worker = Worker.start(kafka.workerConfig("happy", model))) {
            ScanBatch batch = TestScans.batch("happy-1",
                    TestScans.raw("raw-28", 28, 28, 1),
                    TestScans.raw("raw-oct", 512, 496, 2),
                    TestScans.png("png-grey", 64, 48, BufferedImage.TYPE_BYTE_GRAY),
                    TestScans.png("png-rgb", 300, 200, BufferedImage.TYPE_INT_RGB),
                    TestScans.jpeg("jpeg", 120, 90));
            kafka.send(batch);
            kafka.flush();

            List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().equals("happy-1"), 1, WAIT);

            assertThat(out).hasSize(1);
            PredictionBatch predictions = out.get(0);
            assertThat(predictions.getModel().getName()).isEqualTo(manifest.name());
            assertThat(predictions.getModel().getVersion()).isEqualTo(manifest.version());
            assertThat(predictions.getModel().getSha256()).isEqualTo(manifest.sha256());
            assertThat(predictions.getWorkerId()).isEqualTo("happy-w1");
            assertThat(predictions.getSourceSha256()).as("the record it answers")
                    .isEqualTo(DeadLetters.sha256(batch.toByteArray()));
            assertThat(predictions.getPredictionsList()).extracting(ScanPrediction::getScanId)
                    .containsExactly("raw-28", "raw-oct", "png-grey", "png-rgb", "jpeg");
            for (ScanPrediction scan : predictions.getPredictionsList()) {
                assertThat(scan.hasPrediction()).as(scan.toString()).isTrue();
                List<ClassProbability> probabilities = scan.getPrediction().getProbabilitiesList();
                assertThat(probabilities).extracting(ClassProbability::getLabel).isEqualTo(manifest.classes());
                assertThat(probabilities.stream().mapToDouble(ClassProbability::getProbability).sum())
                        .isCloseTo(1.0, within(1e-3));
                int best = IntStream.range(0, probabilities.size()).boxed()
                        .max((a, b) -> Float.compare(probabilities.get(a).getProbability(),
                                probabilities.get(b).getProbability())).orElseThrow();
                assertThat(scan.getPrediction().getLabelIndex()).isEqualTo(best);
                assertThat(scan.getPrediction().getLabel()).isEqualTo(manifest.classes().get(best));
                assertThat(scan.getTimings().getModelBatchSize()).isGreaterThanOrEqualTo(1);
            }

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + worker.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains(manifest.id()).contains("CPU");
            String metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + worker.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("octflow_records_in_total 1", "octflow_scans_in_total 5",
                    "octflow_model_batch_size_bucket", "octflow_end_to_end_latency_seconds_count 1",
                    "octflow_model_info{name=\"" + manifest.name() + "\"", "provider=\"CPU\"");
        }
    }

    @Test
    void batchesScansFromManyRecordsIntoOneModelRun() throws Exception {
        Path model = TestModels.defaultModel();
        kafka.startGroupAtEnd("batching");
        for (int r = 0; r < 40; r++) {
            kafka.send(TestScans.rawBatch("batching-" + r, 3));
        }
        kafka.flush();
        try (Worker worker = Worker.start(kafka.workerConfig("batching", model,
                "--max-batch", "32", "--max-delay-ms", "50"))) {
            List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().startsWith("batching-"), 40,
                    WAIT);

            assertThat(out).hasSize(40);
            List<Integer> runSizes = out.stream().flatMap(p -> p.getPredictionsList().stream())
                    .map(s -> s.getTimings().getModelBatchSize()).toList();
            assertThat(runSizes).allSatisfy(size -> assertThat(size).isBetween(1, 32));
            assertThat(runSizes).anySatisfy(size -> assertThat(size).isGreaterThan(3));
            assertThat((long) worker.metrics().modelBatches.count()).isLessThan(40);
        }
    }

    @Test
    void deadLettersBadInputAndStillPredictsTheRestOfTheBatch() throws Exception {
        Path model = TestModels.defaultModel();
        kafka.startGroupAtEnd("poison");
        try (Worker worker = Worker.start(kafka.workerConfig("poison", model))) {
            byte[] garbage = "definitely not protobuf \u0000\u00ff".getBytes(StandardCharsets.UTF_8);
            kafka.sendRaw("poison-malformed", new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02}, false);
            kafka.send(TestScans.batch("poison-1",
                    TestScans.raw("good-1", 28, 28, 1),
                    TestScans.withBytes("bad-png", ImageEncoding.PNG, garbage),
                    TestScans.withBytes("no-encoding", ImageEncoding.IMAGE_ENCODING_UNSPECIFIED, garbage),
                    TestScans.raw("good-2", 40, 30, 2)));
            kafka.send(TestScans.rawBatch("poison-after", 2));
            kafka.flush();

            Map<String, PredictionBatch> out = new HashMap<>();
            kafka.committedPredictions(p -> p.getBatchId().startsWith("poison-"), 2, WAIT)
                    .forEach(p -> out.put(p.getBatchId(), p));

            assertThat(out).containsOnlyKeys("poison-1", "poison-after");
            List<ScanPrediction> scans = out.get("poison-1").getPredictionsList();
            assertThat(scans).extracting(ScanPrediction::getScanId)
                    .containsExactly("good-1", "bad-png", "no-encoding", "good-2");
            assertThat(scans.get(0).hasPrediction()).isTrue();
            assertThat(scans.get(1).getError().getCode()).isEqualTo(ErrorCode.UNDECODABLE_IMAGE);
            assertThat(scans.get(1).getError().getReason()).contains("bad-png", "poison-1");
            assertThat(scans.get(2).getError().getCode()).isEqualTo(ErrorCode.UNSUPPORTED_ENCODING);
            assertThat(scans.get(3).hasPrediction()).isTrue();
            assertThat(out.get("poison-after").getPredictionsList()).allMatch(ScanPrediction::hasPrediction);

            List<ConsumerRecord<byte[], byte[]>> letters = kafka.deadLetters(r -> new String(r.key(),
                    StandardCharsets.UTF_8).startsWith("poison-"), 3, WAIT);
            assertThat(letters).hasSize(3);
            ConsumerRecord<byte[], byte[]> malformed = letters.stream()
                    .filter(r -> header(r, Headers.ERROR_CODE).equals("MALFORMED_MESSAGE")).findFirst().orElseThrow();
            assertThat(malformed.value()).containsExactly(0xff, 0xff, 0xff, 0x01, 0x02);
            assertThat(header(malformed, Headers.ORIGIN)).startsWith("octflow.scans.v1/");
            ConsumerRecord<byte[], byte[]> badPng = letters.stream()
                    .filter(r -> "bad-png".equals(header(r, Headers.ERROR_SCAN_ID))).findFirst().orElseThrow();
            assertThat(header(badPng, Headers.ERROR_CODE)).isEqualTo("UNDECODABLE_IMAGE");
            assertThat(header(badPng, Headers.ERROR_REASON)).contains("PNG");
            ScanBatch single = ScanBatch.parseFrom(badPng.value());
            assertThat(single.getBatchId()).isEqualTo("poison-1");
            assertThat(single.getScansList()).hasSize(1);
            assertThat(single.getScans(0).getImage().toByteArray()).isEqualTo(garbage);
            assertThat(worker.health().ready()).isTrue();
            assertThat(worker.metrics().deadLetter("MALFORMED_MESSAGE").count()).isEqualTo(1.0);
        }
    }

    @Test
    void refusesScansCutShortInsteadOfPredictingOnPaddedPixels() throws Exception {
        Path model = TestModels.defaultModel();
        kafka.startGroupAtEnd("truncated");
        byte[] jpeg = TestScans.jpeg("whole", 512, 496).getImage().toByteArray();
        byte[] png = TestScans.png("whole", 512, 496, BufferedImage.TYPE_BYTE_GRAY).getImage().toByteArray();
        try (Worker worker = Worker.start(kafka.workerConfig("truncated", model))) {
            kafka.send(TestScans.batch("truncated-1",
                    TestScans.withBytes("jpeg-half", ImageEncoding.JPEG, Arrays.copyOf(jpeg, jpeg.length / 2)),
                    TestScans.withBytes("jpeg-no-eoi", ImageEncoding.JPEG, Arrays.copyOf(jpeg, jpeg.length - 2)),
                    TestScans.withBytes("png-half", ImageEncoding.PNG, Arrays.copyOf(png, png.length / 2)),
                    TestScans.withBytes("png-no-iend", ImageEncoding.PNG, Arrays.copyOf(png, png.length - 12)),
                    TestScans.withBytes("jpeg-whole", ImageEncoding.JPEG, jpeg)));
            kafka.flush();

            List<ScanPrediction> scans = kafka.committedPredictions(p -> p.getBatchId().equals("truncated-1"), 1,
                    WAIT).get(0).getPredictionsList();

            assertThat(scans.subList(0, 4)).allSatisfy(scan -> {
                assertThat(scan.getError().getCode()).isEqualTo(ErrorCode.UNDECODABLE_IMAGE);
                assertThat(scan.getError().getReason()).contains("truncated");
            });
            assertThat(scans.get(4).hasPrediction()).isTrue();
        }
    }

    @Test
    void swapsToANewModelVersionUnderLoadWithoutFailingOrDroppingABatch(@TempDir Path models) throws Exception {
        Path model = TestModels.copyAs(models.resolve("octmnist-cnn"), "hot-1");
        kafka.startGroupAtEnd("reload");
        int records = 150;
        try (Worker worker = Worker.start(kafka.workerConfig("reload", model,
                "--model-poll-ms", "100", "--max-batch", "64", "--max-delay-ms", "2"))) {
            for (int r = 0; r < records; r++) {
                kafka.send(TestScans.rawBatch("reload-" + r, 5));
                if (r % 10 == 0) {
                    kafka.flush();
                }
                if (r == records / 2) {
                    TestModels.publishVersion(model, "hot-2");
                }
                Thread.sleep(20);
            }
            kafka.flush();

            List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().startsWith("reload-"), records,
                    WAIT);

            assertThat(out).hasSize(records);
            assertThat(out).extracting(PredictionBatch::getBatchId).doesNotHaveDuplicates();
            assertThat(out).allSatisfy(p -> assertThat(p.getPredictionsList())
                    .hasSize(5).allMatch(ScanPrediction::hasPrediction));
            assertThat(out).extracting(p -> p.getModel().getVersion()).contains("hot-1", "hot-2")
                    .containsOnly("hot-1", "hot-2");
            assertThat((long) worker.metrics().modelReloads.count()).isEqualTo(1);
            assertThat((long) worker.metrics().modelRunFailures.count()).isZero();
        }
    }

    @Test
    void sharesPartitionsWithAJoiningWorkerAndHandsThemBackWhenItLeavesWithoutLosingOrDuplicatingAScan()
            throws Exception {
        Path model = TestModels.defaultModel();
        kafka.startGroupAtEnd("rebalance");
        Worker first = Worker.start(kafka.workerConfig("rebalance", model));
        Worker second = null;
        int records = 0;
        try {
            while (records < 40) {
                sendSlowly("rebalance-" + records++);
            }
            // Cooperative rebalance under load: the first worker gives up only the partitions that move.
            second = Worker.start(kafka.workerConfig("rebalance", model, "--worker-id", "rebalance-w2"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((long) second.metrics().recordsIn.count() < 20 && System.nanoTime() < deadline) {
                sendSlowly("rebalance-" + records++);
            }
            second.close(); // a graceful leave hands its partitions back mid-stream
            for (int more = 0; more < 40; more++) {
                sendSlowly("rebalance-" + records++);
            }
            kafka.flush();

            List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().startsWith("rebalance-"),
                    records, WAIT);

            assertThat(out).extracting(PredictionBatch::getBatchId).hasSize(records).doesNotHaveDuplicates();
            assertThat(out).extracting(PredictionBatch::getWorkerId).contains("rebalance-w1", "rebalance-w2");
            // A commit racing the rebalance may be refused (stale group generation); the worker then aborts and
            // consumes those records again, which the exactly-once assertions above cover.
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    @Test
    void pausesConsumptionWhileTooManyScansWaitAndStillPredictsEveryScanOnce() throws Exception {
        Path model = TestModels.defaultModel();
        kafka.startGroupAtEnd("backpressure");
        int records = 120;
        for (int r = 0; r < records; r++) {
            kafka.send(TestScans.rawBatch("backpressure-" + r, 4));
        }
        kafka.flush();
        try (Worker worker = Worker.start(kafka.workerConfig("backpressure", model,
                "--max-batch", "8", "--max-queued-scans", "16"))) {
            List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().startsWith("backpressure-"),
                    records, WAIT);

            assertThat(out).extracting(PredictionBatch::getBatchId).hasSize(records).doesNotHaveDuplicates();
            assertThat((long) worker.metrics().consumptionPauses.count()).isPositive();
            assertThat(out).flatExtracting(PredictionBatch::getPredictionsList)
                    .allSatisfy(scan -> assertThat(scan.getTimings().getModelBatchSize()).isLessThanOrEqualTo(8));
        }
    }

    @Test
    void retriesAFailingModelRunThenDeadLettersItsScansAndKeepsConsuming(@TempDir Path models) throws Exception {
        // A real model whose manifest names an input the graph does not have: every run fails inside ONNX Runtime.
        Path model = TestModels.copyAs(models.resolve("broken"), "broken-1");
        ModelManifest m = ManifestFiles.read(model);
        ManifestFiles.write(model, m.withInput(
                new ModelManifest.TensorSpec("not-an-input", m.input() == null ? null : m.input().shape(), "float32")));
        kafka.startGroupAtEnd("failing");
        try (Worker worker = Worker.start(kafka.workerConfig("failing", model, "--model-retries", "2"))) {
            kafka.send(TestScans.rawBatch("failing-1", 2));
            kafka.flush();

            List<PredictionBatch> out = kafka.committedPredictions(p -> p.getBatchId().equals("failing-1"), 1, WAIT);

            assertThat(out).hasSize(1);
            assertThat(out.get(0).getPredictionsList()).allSatisfy(scan -> {
                assertThat(scan.getError().getCode()).isEqualTo(ErrorCode.MODEL_FAILURE);
                assertThat(scan.getError().getReason()).contains("failed 3 times");
            });
            assertThat(kafka.deadLetters(r -> new String(r.key(), StandardCharsets.UTF_8).equals("failing-1"), 2,
                    WAIT)).hasSize(2).allSatisfy(r -> assertThat(header(r, Headers.ERROR_CODE))
                    .isEqualTo("MODEL_FAILURE"));
            assertThat((long) worker.metrics().modelRunFailures.count()).isEqualTo(3);
            assertThat(worker.health().ready()).isTrue();
        }
    }

    private void sendSlowly(String batchId) throws InterruptedException {
        kafka.send(TestScans.rawBatch(batchId, 3));
        kafka.flush();
        Thread.sleep(20);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
