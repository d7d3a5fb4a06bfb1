package org.octflow.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.records.RecordLimits;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.testkit.KafkaBrokerExtension;
import org.octflow.worker.support.KafkaFixture;
import org.octflow.testkit.TestModels;
import org.octflow.worker.support.TestScans;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record as large as a producer may send, that is no ScanBatch: its dead letter, with the error headers on top,
 * would not fit, and once made the worker abort and re-read it forever. Every record must end in a commit.
 */
class PoisonRecordTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Header[] SCAN_BATCH_HEADERS = {
            new RecordHeader(Headers.MESSAGE_TYPE, Headers.SCAN_BATCH_TYPE.getBytes(StandardCharsets.UTF_8))};

    @RegisterExtension
    static final KafkaBrokerExtension broker = KafkaBrokerExtension.plain();
    /** Each test's producer and readers, on the class's broker. */
    @AutoClose
    private final KafkaFixture kafka = KafkaFixture.on(broker);

    @Test
    void aRecordAtTheSizeLimitGetsACutDownDeadLetterAndThePartitionGoesOn() throws Exception {
        byte[] key = utf8("poison-at-limit");
        byte[] value = notAScanBatch(RecordLimits.maxValueBytes(key, SCAN_BATCH_HEADERS));

        List<ConsumerRecord<byte[], byte[]>> letters = sendPoisonThenAGoodBatch("at-limit", key, value);

        assertThat(letters).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = letters.get(0);
        assertThat(letter.value()).as("cut down: no value").isNull();
        assertThat(header(letter, Headers.ERROR_CODE)).isEqualTo("MALFORMED_MESSAGE");
        assertThat(header(letter, Headers.ORIGINAL_BYTES)).isEqualTo(Integer.toString(value.length));
        assertThat(header(letter, Headers.ORIGINAL_SHA256)).isEqualTo(sha256(value));
        assertThat(header(letter, Headers.SOURCE_SHA256)).as("the record it answers").isEqualTo(sha256(value));
        assertThat(header(letter, Headers.CUT_DOWN)).contains(Topics.SCANS + "/0/");
    }

    @Test
    void aRecordJustUnderTheLimitIsDeadLetteredWithEveryOriginalByte() throws Exception {
        byte[] key = utf8("poison-under-limit");
        byte[] value = notAScanBatch(RecordLimits.maxValueBytes(key, SCAN_BATCH_HEADERS) - 1_000);

        List<ConsumerRecord<byte[], byte[]>> letters = sendPoisonThenAGoodBatch("under-limit", key, value);

        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).value()).isEqualTo(value);
        assertThat(header(letters.get(0), Headers.CUT_DOWN)).isNull();
        assertThat(header(letters.get(0), Headers.ERROR_CODE)).isEqualTo("MALFORMED_MESSAGE");
    }

    /** Sends the poison and then a good batch to partition 0; the good one must be predicted and both committed. */
    private List<ConsumerRecord<byte[], byte[]>> sendPoisonThenAGoodBatch(String group, byte[] key,
                                                                          byte[] value) throws Exception {
        kafka.startGroupAtEnd(group);
        try (Worker worker = Worker.start(kafka.workerConfig(group, TestModels.defaultModel()))) {
            kafka.sendNow(new ProducerRecord<>(Topics.SCANS, 0, key, value, List.of(SCAN_BATCH_HEADERS)));
            ScanBatch good = TestScans.rawBatch("after-poison-" + group, 2);
            kafka.sendNow(new ProducerRecord<>(Topics.SCANS, 0, utf8(good.getBatchId()), good.toByteArray(),
                    List.of(SCAN_BATCH_HEADERS)));

            assertThat(kafka.committedPredictions(p -> p.getBatchId().equals(good.getBatchId()), 1, WAIT))
                    .as("the batch after the poison is predicted").hasSize(1);
            long poisonOffset = kafka.deadLetters(r -> Arrays.equals(r.key(), key), 1, WAIT).stream()
                    .map(r -> Long.parseLong(header(r, Headers.ORIGIN).split("/")[2])).findFirst().orElseThrow();
            assertThat(kafka.committedOffset(group, 0)).as("committed past the poison").isGreaterThan(poisonOffset + 1);
            assertThat(worker.liveness().ready()).isTrue();
            assertThat((long) worker.metrics().transactionsAborted.count()).as("no transaction had to be aborted").isZero();
            return kafka.deadLetters(r -> Arrays.equals(r.key(), key), 1, Duration.ofSeconds(5));
        }
    }

    /** Bytes that no Protobuf parser reads as a ScanBatch (0xff starts an invalid tag). */
    private static byte[] notAScanBatch(int length) {
        byte[] value = new byte[length];
        Arrays.fill(value, (byte) 0xff);
        return value;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
