package org.octflow.contracts.records;

import com.google.protobuf.ByteString;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.ContractLimits;
import org.octflow.contracts.Headers;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Scan;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.contracts.v1.ScanError;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {
    private static final RecordOrigin ORIGIN = new RecordOrigin(Topics.SCANS, 2, 4711);
    private static final byte[] KEY = "b-17".getBytes(StandardCharsets.UTF_8);
    private static final Header[] SENT_HEADERS = {
            new RecordHeader(Headers.MESSAGE_TYPE, Headers.SCAN_BATCH_TYPE.getBytes(StandardCharsets.UTF_8))};
    private static final ScanError MALFORMED = ScanError.newBuilder().setCode(ErrorCode.MALFORMED_MESSAGE)
            .setReason("record octflow.scans.v1/2/4711 is not a ScanBatch").build();
    /** Stands for the digest of the whole record a per-scan letter answers, which only the worker has. */
    private static final String SOURCE = DeadLetters.sha256("the whole record".getBytes(StandardCharsets.UTF_8));

    @Test
    void aMalformedRecordKeepsItsOriginalBytesAndHeadersWhenTheLetterFits() {
        byte[] value = {1, 2, 3};

        ProducerRecord<byte[], byte[]> letter = DeadLetters.ofRecord(ORIGIN, KEY, value, SENT_HEADERS, MALFORMED);

        assertThat(letter.topic()).isEqualTo(Topics.SCANS_DEAD_LETTER);
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isEqualTo(value);
        assertThat(header(letter, Headers.MESSAGE_TYPE)).isEqualTo(Headers.SCAN_BATCH_TYPE);
        assertThat(header(letter, Headers.ERROR_CODE)).isEqualTo("MALFORMED_MESSAGE");
        assertThat(header(letter, Headers.ORIGIN)).isEqualTo("octflow.scans.v1/2/4711");
        assertThat(DeadLetters.isCutDown(letter)).isFalse();
    }

    @Test
    void aRecordAtTheSizeLimitGetsACutDownLetterThatFits() {
        byte[] value = new byte[RecordLimits.maxValueBytes(KEY, SENT_HEADERS)];
        assertThat(RecordLimits.recordBytes(KEY, value, SENT_HEADERS)).isEqualTo(RecordLimits.MAX_RECORD_BYTES);

        ProducerRecord<byte[], byte[]> letter = DeadLetters.ofRecord(ORIGIN, KEY, value, SENT_HEADERS, MALFORMED);

        assertThat(DeadLetters.isCutDown(letter)).isTrue();
        assertThat(letter.value()).isNull();
        assertThat(RecordLimits.fits(letter.key(), letter.value(), letter.headers().toArray())).isTrue();
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(header(letter, Headers.ERROR_CODE)).isEqualTo("MALFORMED_MESSAGE");
        assertThat(header(letter, Headers.ERROR_REASON)).isEqualTo(MALFORMED.getReason());
        assertThat(header(letter, Headers.ORIGINAL_BYTES)).isEqualTo(Integer.toString(value.length));
        assertThat(header(letter, Headers.ORIGINAL_SHA256)).isEqualTo(DeadLetters.sha256(value)).hasSize(64);
        assertThat(header(letter, Headers.CUT_DOWN)).contains("octflow.scans.v1/2/4711", value.length + " bytes");
    }

    @Test
    void justUnderTheLimitTheLetterKeepsEveryOriginalByte() {
        ProducerRecord<byte[], byte[]> probe = DeadLetters.ofRecord(ORIGIN, KEY, new byte[0], SENT_HEADERS, MALFORMED);
        byte[] value = new byte[RecordLimits.maxValueBytes(KEY, probe.headers().toArray())];

        ProducerRecord<byte[], byte[]> letter = DeadLetters.ofRecord(ORIGIN, KEY, value, SENT_HEADERS, MALFORMED);

        assertThat(DeadLetters.isCutDown(letter)).isFalse();
        assertThat(letter.value()).isEqualTo(value);
        assertThat(RecordLimits.recordBytes(letter.key(), letter.value(), letter.headers().toArray()))
                .isEqualTo(RecordLimits.MAX_RECORD_BYTES);

        byte[] oneMore = new byte[value.length + 1];
        assertThat(DeadLetters.isCutDown(DeadLetters.ofRecord(ORIGIN, KEY, oneMore, SENT_HEADERS, MALFORMED)))
                .as("one byte more no longer fits").isTrue();
    }

    @Test
    void aRejectedScanOfABatchNearTheLimitIsCutDownButStillNamesTheScan() {
        ScanBatch batch = ScanBatch.newBuilder().setBatchId("b-17")
                .addScans(Scan.newBuilder().setScanId("s-1").setEncoding(ImageEncoding.PNG)
                        .setImage(ByteString.copyFrom(new byte[RecordLimits.MAX_RECORD_BYTES - 200])))
                .build();
        ScanError undecodable = ScanError.newBuilder().setCode(ErrorCode.UNDECODABLE_IMAGE)
                .setReason("scan 0 (s-1) of batch b-17: not a PNG").build();

        ProducerRecord<byte[], byte[]> letter = DeadLetters.ofScan(ORIGIN, SOURCE, KEY, batch, 0, undecodable);

        assertThat(DeadLetters.isCutDown(letter)).isTrue();
        assertThat(header(letter, Headers.ERROR_SCAN_ID)).isEqualTo("s-1");
        assertThat(header(letter, Headers.MESSAGE_TYPE)).isEqualTo(Headers.SCAN_BATCH_TYPE);
        assertThat(RecordLimits.fits(letter.key(), letter.value(), letter.headers().toArray())).isTrue();
    }

    @Test
    void aRejectedScanOfASmallBatchIsAScanBatchOfJustThatScan() throws Exception {
        ScanBatch batch = ScanBatch.newBuilder().setBatchId("b-17")
                .addScans(Scan.newBuilder().setScanId("s-1"))
                .addScans(Scan.newBuilder().setScanId("s-2"))
                .build();
        ScanError error = ScanError.newBuilder().setCode(ErrorCode.UNDECODABLE_IMAGE).setReason("bad").build();

        ProducerRecord<byte[], byte[]> letter = DeadLetters.ofScan(ORIGIN, SOURCE, KEY, batch, 1, error);

        assertThat(ScanBatch.parseFrom(letter.value()).getScansList()).extracting(Scan::getScanId)
                .containsExactly("s-2");
        assertThat(header(letter, Headers.ERROR_SCAN_ID)).isEqualTo("s-2");
    }

    @Test
    void aHugeReasonOrKeyCannotMakeALetterTooBig() {
        ScanError verbose = ScanError.newBuilder().setCode(ErrorCode.MALFORMED_MESSAGE)
                .setReason("x".repeat(2_000_000)).build();
        byte[] hugeKey = new byte[RecordLimits.MAX_RECORD_BYTES];

        ProducerRecord<byte[], byte[]> letter = DeadLetters.ofRecord(ORIGIN, hugeKey, new byte[10], null, verbose);

        assertThat(RecordLimits.fits(letter.key(), letter.value(), letter.headers().toArray())).isTrue();
        assertThat(header(letter, Headers.ERROR_REASON)).hasSize(ContractLimits.MAX_REASON_CHARS).endsWith("...");
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).startsWith("sha256:");
    }

    @Test
    void aLetterReadsBackAsItWasWritten() {
        ScanBatch batch = ScanBatch.newBuilder().setBatchId("b-17").addScans(Scan.newBuilder().setScanId("s-1")).build();
        ScanError error = ScanError.newBuilder().setCode(ErrorCode.UNDECODABLE_IMAGE).setReason("not a PNG").build();

        DeadLetterHeaders read = DeadLetters.read(DeadLetters.ofScan(ORIGIN, SOURCE, KEY, batch, 0, error).headers());

        assertThat(read).isEqualTo(new DeadLetterHeaders("UNDECODABLE_IMAGE", "not a PNG", "s-1",
                java.util.Optional.of(ORIGIN), false, null, SOURCE));
    }

    @Test
    void aCutDownLetterRecognisesItsOriginalByDigest() {
        byte[] value = new byte[RecordLimits.maxValueBytes(KEY, SENT_HEADERS)];
        value[0] = 7;

        DeadLetterHeaders read = DeadLetters.read(
                DeadLetters.ofRecord(ORIGIN, KEY, value, SENT_HEADERS, MALFORMED).headers());

        assertThat(read.cutDown()).isTrue();
        assertThat(read.origin()).contains(ORIGIN);
        assertThat(read.isOriginal(value)).isTrue();
        assertThat(read.isOriginal(new byte[value.length])).as("other bytes at that offset").isFalse();
    }

    @Test
    void everyLetterNamesTheDigestOfTheRecordItAnswers() {
        byte[] small = {1, 2, 3};
        byte[] atTheLimit = new byte[RecordLimits.maxValueBytes(KEY, SENT_HEADERS)];
        ScanBatch batch = ScanBatch.newBuilder().setBatchId("b-17").addScans(Scan.newBuilder().setScanId("s-1")).build();
        ScanBatch nearTheLimit = ScanBatch.newBuilder().setBatchId("b-17").addScans(Scan.newBuilder().setScanId("s-1")
                .setImage(ByteString.copyFrom(new byte[RecordLimits.MAX_RECORD_BYTES - 200]))).build();
        ScanError error = ScanError.newBuilder().setCode(ErrorCode.UNDECODABLE_IMAGE).setReason("not a PNG").build();

        assertThat(source(DeadLetters.ofRecord(ORIGIN, KEY, small, SENT_HEADERS, MALFORMED)))
                .isEqualTo(DeadLetters.sha256(small)).hasSize(64);
        assertThat(source(DeadLetters.ofRecord(ORIGIN, KEY, atTheLimit, SENT_HEADERS, MALFORMED)))
                .as("cut down").isEqualTo(DeadLetters.sha256(atTheLimit));
        assertThat(source(DeadLetters.setAside(ORIGIN, KEY, small, SENT_HEADERS, MALFORMED)))
                .isEqualTo(DeadLetters.sha256(small));
        assertThat(source(DeadLetters.ofScan(ORIGIN, SOURCE, KEY, batch, 0, error)))
                .as("the whole record's, not the one-scan copy's").isEqualTo(SOURCE);
        assertThat(source(DeadLetters.ofScan(ORIGIN, SOURCE, KEY, nearTheLimit, 0, error)))
                .as("cut down").isEqualTo(SOURCE);
    }

    @Test
    void aRecordCannotNameItsOwnSourceDigest() {
        // Anyone allowed to write scans can add any header; a letter copying it must state the worker's digest.
        Header[] forged = {new RecordHeader(Headers.SOURCE_SHA256, SOURCE.getBytes(StandardCharsets.UTF_8))};
        byte[] value = {1, 2, 3};

        ProducerRecord<byte[], byte[]> letter = DeadLetters.ofRecord(ORIGIN, KEY, value, forged, MALFORMED);

        assertThat(letter.headers().headers(Headers.SOURCE_SHA256)).hasSize(1);
        assertThat(source(letter)).isEqualTo(DeadLetters.sha256(value));
    }

    @Test
    void aLetterWithoutTheContractsHeadersStillReads() {
        DeadLetterHeaders read = DeadLetters.read(new org.apache.kafka.common.header.internals.RecordHeaders());

        assertThat(read.code()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED.name());
        assertThat(read.reason()).contains("without a reason");
        assertThat(read.origin()).isEmpty();
        assertThat(read.sourceSha256()).as("an older worker's letter").isNull();
        assertThat(read.isOriginal(new byte[0])).isFalse();
    }

    @Test
    void anOriginReadsBackOnlyWhenItIsOne() {
        assertThat(RecordOrigin.parse(ORIGIN.toString())).contains(ORIGIN);
        assertThat(RecordOrigin.parse("octflow.scans.v1/x/3")).isEmpty();
        assertThat(RecordOrigin.parse("4711")).isEmpty();
        assertThat(RecordOrigin.parse(null)).isEmpty();
    }

    private static String source(ProducerRecord<byte[], byte[]> letter) {
        return DeadLetters.read(letter.headers()).sourceSha256();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
