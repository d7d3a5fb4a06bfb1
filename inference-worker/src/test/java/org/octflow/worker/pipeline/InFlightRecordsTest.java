package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Topics;
import org.octflow.contracts.v1.ErrorCode;
import org.octflow.worker.support.TestScans;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightRecordsTest {
    private static final TopicPartition P0 = new TopicPartition(Topics.SCANS, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.SCANS, 1);

    private final InFlightRecords inFlight = new InFlightRecords();

    @Test
    void recordsLeaveInConsumptionOrderOnceEveryScanHasAnOutcome() {
        ConsumedRecord first = scans(P0, 10, 2);
        ConsumedRecord second = malformed(P0, 11);
        inFlight.add(first);
        inFlight.add(second);
        assertThat(inFlight.queuedScans()).isEqualTo(2);

        assertThat(inFlight.pollCompleted()).as("the second is complete, but the first is not").isNull();
        first.reject(0, ErrorCode.UNDECODABLE_IMAGE, "test", null);
        first.reject(1, ErrorCode.UNDECODABLE_IMAGE, "test", null);

        assertThat(inFlight.pollCompleted()).isSameAs(first);
        assertThat(inFlight.pollCompleted()).isSameAs(second);
        assertThat(inFlight.pollCompleted()).isNull();
        assertThat(inFlight.queuedScans()).isZero();
        assertThat(inFlight.isEmpty()).isTrue();
    }

    @Test
    void eachPartitionResumesAtItsFirstRecordTakenSinceTheCommit() {
        inFlight.add(malformed(P0, 10));
        inFlight.add(malformed(P0, 11));
        inFlight.add(malformed(P1, 40));

        assertThat(inFlight.resumeFrom(P0)).isEqualTo(10);
        assertThat(inFlight.resumeFrom(P1)).isEqualTo(40);
        assertThat(inFlight.resumeFrom(new TopicPartition(Topics.SCANS, 2))).as("nothing taken").isNull();
    }

    @Test
    void aRecordBeingTakenIsARewindPointEvenIfTakingItFails() {
        inFlight.taking(P0, 7);

        assertThat(inFlight.resumeFrom(P0)).isEqualTo(7);
    }

    @Test
    void afterACommitTheRecordsStillInFlightAreWhereToResume() {
        ConsumedRecord emitted = malformed(P0, 10);
        ConsumedRecord waiting = scans(P0, 11, 1);
        inFlight.add(emitted);
        inFlight.add(waiting);
        inFlight.add(malformed(P1, 40));
        inFlight.pollCompleted();

        inFlight.committed();

        assertThat(inFlight.resumeFrom(P0)).isEqualTo(11);
        assertThat(inFlight.resumeFrom(P1)).as("still in flight behind the waiting one").isEqualTo(40);
    }

    @Test
    void discardingDropsTheRecordsButKeepsWhereToResumeUntilRewound() {
        ConsumedRecord waiting = scans(P0, 10, 3);
        inFlight.add(waiting);

        inFlight.discard();

        assertThat(waiting.isDiscarded()).as("late results are ignored").isTrue();
        assertThat(inFlight.isEmpty()).isTrue();
        assertThat(inFlight.queuedScans()).isZero();
        assertThat(inFlight.resumeFrom(P0)).isEqualTo(10);

        inFlight.rewound();

        assertThat(inFlight.resumeFrom(P0)).isNull();
    }

    private static ConsumedRecord scans(TopicPartition partition, long offset, int scans) {
        return ConsumedRecord.parsed(record(partition, offset), TestScans.rawBatch("b-" + offset, scans));
    }

    private static ConsumedRecord malformed(TopicPartition partition, long offset) {
        return ConsumedRecord.malformed(record(partition, offset), "not a ScanBatch");
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, new byte[0], new byte[0]);
    }
}
