package org.octflow.gateway.prediction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the two kinds of dead letter the contract allows, without a broker. */
class DeadLetterTest {

    @Test
    void theScanIdHeaderNamesTheFailedScan() {
        DeadLetter letter = DeadLetter.of(record("b-1", batch("b-1", "s-2").toByteArray(), Map.of(
                Headers.ERROR_CODE, "UNDECODABLE_IMAGE", Headers.ERROR_REASON, "broken PNG",
                Headers.ERROR_SCAN_ID, "s-2")));

        assertThat(letter).isEqualTo(new DeadLetter("b-1", java.util.List.of("s-2"), "UNDECODABLE_IMAGE", "broken PNG",
                null, false, null));
    }

    @Test
    void withoutTheHeaderTheScansOfTheEnclosedBatchFailed() {
        DeadLetter letter = DeadLetter.of(record("b-1", batch("b-1", "s-1", "s-3").toByteArray(), Map.of(
                Headers.ERROR_CODE, "INVALID_DIMENSIONS")));

        assertThat(letter.scanIds()).containsExactly("s-1", "s-3");
        assertThat(letter.reason()).contains("without a reason");
    }

    @Test
    void aMalformedRecordFailsItsWholeBatch() {
        DeadLetter letter = DeadLetter.of(record("b-9", new byte[]{(byte) 0xff, 0x00, 0x13}, Map.of(
                Headers.ERROR_CODE, "MALFORMED_MESSAGE", Headers.ERROR_REASON, "not a ScanBatch")));

        assertThat(letter.wholeBatch()).isTrue();
        assertThat(letter.batchId()).isEqualTo("b-9");
        assertThat(letter.code()).isEqualTo("MALFORMED_MESSAGE");
    }

    @Test
    void aLetterNamesTheDigestOfTheRecordItAnswers() {
        String digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        DeadLetter letter = DeadLetter.of(record("b-9", new byte[]{(byte) 0xff}, Map.of(
                Headers.ERROR_CODE, "MALFORMED_MESSAGE", Headers.SOURCE_SHA256, digest)));

        assertThat(letter.sourceSha256()).isEqualTo(digest);
    }

    private static ScanBatch batch(String batchId, String... scanIds) {
        ScanBatch.Builder batch = ScanBatch.newBuilder().setBatchId(batchId);
        for (String scanId : scanIds) {
            batch.addScans(Scan.newBuilder().setScanId(scanId));
        }
        return batch.build();
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value, Map<String, String> headers) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.SCANS_DEAD_LETTER, 0, 0L, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
