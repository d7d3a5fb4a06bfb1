package org.octflow.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicSpecTest {
    @Test
    void coversEveryTopicOfTheContract() {
        assertThat(TopicSpec.all()).extracting(TopicSpec::name)
                .containsExactly(Topics.SCANS, Topics.PREDICTIONS, Topics.SCANS_DEAD_LETTER);
    }

    @Test
    void predictionsHaveAsManyPartitionsAsScans() {
        assertThat(TopicSpec.PREDICTIONS.partitions()).isEqualTo(TopicSpec.SCANS.partitions());
    }

    @Test
    void fitsReplicationToTheCluster() {
        assertThat(TopicSpec.SCANS.replicas(1)).isEqualTo((short) 1);
        assertThat(TopicSpec.SCANS.configsFor(1)).containsEntry("min.insync.replicas", "1");
        assertThat(TopicSpec.SCANS.replicas(5)).isEqualTo((short) 3);
        assertThat(TopicSpec.SCANS.configsFor(5)).containsEntry("min.insync.replicas", "2")
                .containsEntry("retention.ms", "604800000");
    }

    @Test
    void everyTopicTakesTheLargestRecordAProducerSends() {
        assertThat(TopicSpec.all()).allSatisfy(spec -> assertThat(Integer.parseInt(
                spec.configs().get("max.message.bytes"))).isGreaterThanOrEqualTo(ContractLimits.MAX_RECORD_BYTES));
    }
}
