package org.octflow.worker.pipeline;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.kafka.KafkaAccess;

import static org.assertj.core.api.Assertions.assertThat;

class FailurePolicyTest {
    @Test
    void refusedCredentialsStopTheLoopAndSayWhereTheWorkersSettingsAre() {
        var refused = new KafkaException("init failed", new SaslAuthenticationException("bad password"));

        assertThat(FailurePolicy.stopsTheLoop(refused)).isTrue();
        assertThat(FailurePolicy.stopReason(refused)).contains("Kafka refused the worker's credentials",
                "OCTFLOW_KAFKA_* or --kafka-config-file");
    }

    @Test
    void refusedRightsStopTheLoopAndNameWhatTheWorkerNeeds() {
        var refused = new TransactionalIdAuthorizationException("not authorized");

        assertThat(FailurePolicy.stopsTheLoop(refused)).isTrue();
        assertThat(FailurePolicy.stopReason(refused)).contains(KafkaAccess.WORKER.principal(),
                KafkaAccess.WORKER.describeRights());
    }

    @Test
    void aNewerWorkerWithTheSameIdStopsTheLoop() {
        assertThat(FailurePolicy.stopsTheLoop(new ProducerFencedException("epoch 3"))).isTrue();
    }

    @Test
    void anOutageIsWaitedOut() {
        assertThat(FailurePolicy.stopsTheLoop(new TimeoutException("Timeout expired"))).isFalse();
    }

    @Test
    void anExceptionThatIsNotKafkasIsRetriedSoThePoisonGuardCanSetItsRecordAside() {
        assertThat(FailurePolicy.stopsTheLoop(new IllegalArgumentException("a bug met on one record"))).isFalse();
        assertThat(FailurePolicy.stopsTheLoop(new IllegalStateException("producer in error state"))).isFalse();
    }
}
