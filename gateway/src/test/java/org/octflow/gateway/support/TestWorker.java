package org.octflow.gateway.support;

import com.google.protobuf.InvalidProtocolBufferException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.DeadLetters;
import org.octflow.contracts.records.PredictionRecords;
import org.octflow.contracts.records.ScanBatchRecords;
import org.octflow.testkit.TopicReader;
import org.octflow.contracts.records.Timestamps;
import org.octflow.contracts.records.RecordOrigin;
import org.octflow.contracts.v1.ClassProbability;
import org.octflow.contracts.v1.Decision;
import org.octflow.contracts.v1.EvidenceMap;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ModelRef;
import org.octflow.contracts.v1.Prediction;
import org.octflow.contracts.v1.PredictionBatch;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanError;
import org.octflow.contracts.v1.ScanPrediction;
import org.octflow.contracts.v1.Timings;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanPreprocessor;
import org.octflow.preprocessing.ScanRejectedException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Plays an inference worker against the real broker: reads ScanBatches from the scans topic and answers on the
 * predictions topic in Kafka transactions, as the real workers do.
 */
public final class TestWorker {
    public static final List<String> LABELS = List.of("CNV", "DME", "DRUSEN", "NORMAL");
    public static final ModelRef MODEL = ModelRef.newBuilder().setName("octmnist-cnn").setVersion("test-1")
            .setSha256("ab".repeat(32)).build();

    private final String bootstrapServers;

    public TestWorker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The ScanBatch with this id, read from the start of the scans topic. */
    public ScanBatch awaitScanBatch(String batchId, Duration timeout) {
        return findScanBatch(batchId, timeout).orElseThrow(() -> new AssertionError(
                "no ScanBatch " + batchId + " on " + Topics.SCANS + " within " + timeout));
    }

    public Optional<ScanBatch> findScanBatch(String batchId, Duration timeout) {
        try (TopicReader reader = TopicReader.fromBeginning(bootstrapServers, Topics.SCANS)) {
            return reader.first(record -> batchId.equals(key(record)), timeout).map(TestWorker::parse);
        }
    }

    /**
     * Answers the next ScanBatch that appears after this call returns, with {@code answer}. The returned future
     * completes with the batch once the answer is committed.
     */
    public CompletableFuture<ScanBatch> answerNextBatch(Function<ScanBatch, PredictionBatch> answer, Duration timeout) {
        TopicReader reader = TopicReader.fromEnd(bootstrapServers, Topics.SCANS);
        return CompletableFuture.supplyAsync(() -> {
            try (reader) {
                ScanBatch batch = reader.first(record -> true, timeout).map(TestWorker::parse)
                        .orElseThrow(() -> new AssertionError("no new ScanBatch within " + timeout));
                publish(answer.apply(batch));
                return batch;
            }
        });
    }

    /** How many ScanBatch records each of these batch ids has on the scans topic, read from its start. */
    public Map<String, Integer> countScanBatches(java.util.Set<String> batchIds, Duration timeout) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        try (TopicReader reader = TopicReader.fromBeginning(bootstrapServers, Topics.SCANS)) {
            for (ConsumerRecord<byte[], byte[]> record : reader.readToEnd(timeout)) {
                if (batchIds.contains(key(record))) {
                    counts.merge(key(record), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    /** The value of the first record keyed {@code batchId} on the scans topic, as it is there. */
    public byte[] recordValueOf(String batchId, Duration timeout) {
        try (TopicReader reader = TopicReader.fromBeginning(bootstrapServers, Topics.SCANS)) {
            return reader.first(record -> batchId.equals(key(record)), timeout).map(ConsumerRecord::value)
                    .orElseThrow(() -> new AssertionError("no record " + batchId + " on " + Topics.SCANS));
        }
    }

    /** Publishes a ScanBatch as a gateway's outbox (or an imaging system) would have. */
    public void publishScanBatch(ScanBatch batch) {
        publishScanRecord(batch.getBatchId(), ScanBatchRecords.record(batch).value());
    }

    /** Writes any bytes to the scans topic with the ScanBatch headers, as anyone allowed to write scans can. */
    public void publishScanRecord(String key, byte[] value) {
        var headers = ScanBatchRecords.record(ScanBatch.getDefaultInstance()).headers();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(Topics.SCANS, null, key, value, headers))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes each in a committed transaction of its own. A producer the broker declares broken (Kafka 4.4 now and
     * then answers a tight run of transactions with InvalidTxnStateException) is replaced and the batch sent again,
     * as the real worker does: the database stores a prediction once however often it is delivered.
     */
    public void publishEach(List<PredictionBatch> batches) {
        String id = "test-worker-" + UUID.randomUUID();
        KafkaProducer<String, byte[]> producer = transactionalProducer(id);
        try {
            for (PredictionBatch batch : batches) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        producer.beginTransaction();
                        producer.send(predictionRecord(batch));
                        producer.commitTransaction();
                        break;
                    } catch (org.apache.kafka.common.KafkaException e) {
                        if (attempt == 3) {
                            throw e;
                        }
                        producer.close(Duration.ZERO);
                        producer = transactionalProducer(id);
                    }
                }
            }
        } finally {
            producer.close();
        }
    }

    /** Publishes in a committed Kafka transaction. */
    public void publish(PredictionBatch batch) {
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            producer.send(predictionRecord(batch));
            producer.commitTransaction();
        }
    }

    /** Publishes in a Kafka transaction that is then aborted: a read_committed consumer must never see it. */
    public void publishAborted(PredictionBatch batch) {
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            producer.send(predictionRecord(batch));
            producer.flush();
            producer.abortTransaction();
        }
    }

    /**
     * Reports every scan of {@code batch} as failed the way a worker does: a PredictionBatch of ScanErrors and one
     * dead letter per scan (built by the contract), committed in one transaction.
     */
    public void publishFailure(ScanBatch batch, ErrorCode code, String reason) {
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.beginTransaction();
            producer.send(predictionRecord(fail(batch, code, reason)));
            ScanError error = ScanError.newBuilder().setCode(code).setReason(reason).build();
            for (int i = 0; i < batch.getScansCount(); i++) {
                var letter = DeadLetters.ofScan(new RecordOrigin(Topics.SCANS, 0, i), sourceSha256(batch),
                        utf8(batch.getBatchId()), batch, i, error);
                producer.send(new ProducerRecord<>(letter.topic(), null, batch.getBatchId(), letter.value(),
                        letter.headers()));
            }
            producer.commitTransaction();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public void publishDeadLetter(String key, byte[] value, Map<String, String> headers) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SCANS_DEAD_LETTER, key, value);
            headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record);
            producer.flush();
        }
    }

    /** Every scan of {@code batch} predicted as {@code label} with probability {@code top}, the rest spread evenly. */
    public static PredictionBatch predict(ScanBatch batch, String label, double top) {
        return predict(batch, label, top, MODEL, Instant.now());
    }

    public static PredictionBatch predict(ScanBatch batch, String label, double top, ModelRef model, Instant at) {
        PredictionBatch.Builder answer = answerTo(batch, model, at);
        for (var scan : batch.getScansList()) {
            Prediction.Builder prediction = Prediction.newBuilder().setLabel(label).setLabelIndex(LABELS.indexOf(label));
            for (String each : LABELS) {
                double p = each.equals(label) ? top : (1 - top) / (LABELS.size() - 1);
                prediction.addProbabilities(ClassProbability.newBuilder().setLabel(each).setProbability((float) p));
            }
            answer.addPredictions(ScanPrediction.newBuilder().setScanId(scan.getScanId()).setPrediction(prediction)
                    .setTimings(Timings.newBuilder().setQueuedMicros(1500).setInferenceMicros(800)
                            .setModelBatchSize(batch.getScansCount())));
        }
        return answer.build();
    }

    /**
     * Every scan predicted from its pixels as the workers see them: decoded and brought to the model's input size by
     * the workers' own {@link ScanPreprocessor}, then scored by a fixed stand-in for the model (a softmax of the four
     * quadrants' mean grey). Equal model inputs give equal predictions; different B-scans, different ones.
     */
    public static PredictionBatch predictFromPixels(ScanBatch batch) {
        ScanPreprocessor preprocessor = new ScanPreprocessor(0.5, 0.25);
        PredictionBatch.Builder answer = answerTo(batch, MODEL, Instant.now());
        for (var scan : batch.getScansList()) {
            GreyImage input;
            try {
                input = preprocessor.toModelSize(scan.getImage().toByteArray(), scan.getEncoding(), scan.getWidth(),
                        scan.getHeight());
            } catch (ScanRejectedException e) {
                throw new AssertionError("scan " + scan.getScanId() + " does not decode: " + e.getMessage(), e);
            }
            double[] logits = new double[LABELS.size()];
            int half = input.width() / 2;
            for (int y = 0; y < input.height(); y++) {
                for (int x = 0; x < input.width(); x++) {
                    logits[(y < half ? 0 : 2) + (x < half ? 0 : 1)] += input.at(x, y) / (255.0 * half * half) * 8;
                }
            }
            double sum = 0;
            for (double logit : logits) {
                sum += Math.exp(logit);
            }
            int best = 0;
            Prediction.Builder prediction = Prediction.newBuilder();
            for (int i = 0; i < logits.length; i++) {
                best = logits[i] > logits[best] ? i : best;
                prediction.addProbabilities(ClassProbability.newBuilder().setLabel(LABELS.get(i))
                        .setProbability((float) (Math.exp(logits[i]) / sum)));
            }
            prediction.setLabel(LABELS.get(best)).setLabelIndex(best).setDecision(Decision.AUTO_ACCEPT);
            answer.addPredictions(ScanPrediction.newBuilder().setScanId(scan.getScanId()).setPrediction(prediction)
                    .setTimings(Timings.newBuilder().setQueuedMicros(1500).setInferenceMicros(800)
                            .setModelBatchSize(batch.getScansCount())));
        }
        return answer.build();
    }

    /** The same predictions, each carrying {@code decision} as a model's review rule would set it. */
    public static PredictionBatch decided(PredictionBatch batch, Decision decision) {
        PredictionBatch.Builder answer = batch.toBuilder();
        answer.getPredictionsBuilderList().forEach(p -> p.getPredictionBuilder().setDecision(decision));
        return answer.build();
    }

    /** The same predictions, each with a 2x2 evidence map for its label whose values are 1, 2, 3, 4. */
    public static PredictionBatch withEvidence(PredictionBatch batch) {
        PredictionBatch.Builder answer = batch.toBuilder();
        answer.getPredictionsBuilderList().forEach(p -> p.setEvidence(EvidenceMap.newBuilder()
                .setLabel(p.getPrediction().getLabel()).setHeight(2).setWidth(2)
                .addAllValues(List.of(1f, 2f, 3f, 4f))));
        return answer.build();
    }

    /** Every scan of {@code batch} reported as failed with {@code code} and {@code reason}. */
    public static PredictionBatch fail(ScanBatch batch, ErrorCode code, String reason) {
        PredictionBatch.Builder answer = answerTo(batch, MODEL, Instant.now());
        for (var scan : batch.getScansList()) {
            answer.addPredictions(ScanPrediction.newBuilder().setScanId(scan.getScanId())
                    .setError(ScanError.newBuilder().setCode(code).setReason(reason)));
        }
        return answer.build();
    }

    /** The same answer as an older worker sends it: naming no digest of the record it answers. */
    public static PredictionBatch asOlderWorker(PredictionBatch batch) {
        return batch.toBuilder().clearSourceSha256().build();
    }

    /** Answers name the record they answer by its digest, as a current worker's do. */
    private static PredictionBatch.Builder answerTo(ScanBatch batch, ModelRef model, Instant at) {
        return PredictionBatch.newBuilder().setBatchId(batch.getBatchId()).setModel(model).setWorkerId("test-worker")
                .setPredictedAt(Timestamps.of(at)).setSourceSha256(sourceSha256(batch));
    }

    /**
     * The digest of the record {@code batch} was read from: a parsed ScanBatch serializes back to the very bytes it
     * came in (same protobuf runtime; fields and metadata entries in wire order), as ScanOwnershipTest checks.
     */
    public static String sourceSha256(ScanBatch batch) {
        return DeadLetters.sha256(batch.toByteArray());
    }

    private static ProducerRecord<String, byte[]> predictionRecord(PredictionBatch batch) {
        var record = PredictionRecords.record(batch, null);
        return new ProducerRecord<>(record.topic(), null, batch.getBatchId(), record.value(), record.headers());
    }


    private static ScanBatch parse(ConsumerRecord<byte[], byte[]> record) {
        try {
            return ScanBatch.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("record " + record.key() + " on the scans topic is not a ScanBatch", e);
        }
    }



    private Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private KafkaProducer<String, byte[]> transactionalProducer() {
        return transactionalProducer("test-worker-" + UUID.randomUUID());
    }

    /** The same id again ends (aborts) whatever its predecessor left open, at once. */
    private KafkaProducer<String, byte[]> transactionalProducer(String transactionalId) {
        Properties props = producerProps();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props);
        producer.initTransactions();
        return producer;
    }
}
