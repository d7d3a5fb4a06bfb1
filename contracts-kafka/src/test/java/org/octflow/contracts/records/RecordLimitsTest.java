package org.octflow.contracts.records;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RecordLimitsTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 127, 128, 8_191, 16_384, 1_000_000, 1_048_000})
    void countsARecordExactlyAsTheKafkaProducerDoes(int valueBytes) {
        byte[] key = "batch-7f3a".getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[valueBytes];
        Header[] headers = {
                new RecordHeader("octflow-message-type", "octflow.v1.ScanBatch".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("octflow-error-reason", new byte[valueBytes % 300]),
                new RecordHeader("empty", null)};

        int kafka = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE, key, value, headers);

        assertThat(RecordLimits.recordBytes(key, value, headers)).isEqualTo(kafka);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 200})
    void countsARecordWithoutKeyOrValue(int headerBytes) {
        Header[] headers = {new RecordHeader("h", new byte[headerBytes])};

        int kafka = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE, (byte[]) null, null, headers);

        assertThat(RecordLimits.recordBytes(null, null, headers)).isEqualTo(kafka);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 5_000})
    void theLongestValueThatFitsFillsTheRecordToTheByte(int headerBytes) {
        byte[] key = "batch-7f3a".getBytes(StandardCharsets.UTF_8);
        Header[] headers = {new RecordHeader("h", new byte[headerBytes])};

        int longest = RecordLimits.maxValueBytes(key, headers);

        assertThat(RecordLimits.recordBytes(key, new byte[longest], headers)).isEqualTo(RecordLimits.MAX_RECORD_BYTES);
        assertThat(RecordLimits.fits(key, new byte[longest + 1], headers)).isFalse();
    }
}
