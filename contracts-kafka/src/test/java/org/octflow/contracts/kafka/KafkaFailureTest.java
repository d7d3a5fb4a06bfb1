package org.octflow.contracts.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.Topics;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaFailureTest {
    private static final String HINT = "OCTFLOW_KAFKA_* or --kafka-config-file";

    @Test
    void refusedCredentialsSayWhichSettingsToCheck() {
        KafkaFailure failure = KafkaFailure.of(new KafkaException("wrapped",
                new SaslAuthenticationException("bad password")), KafkaAccess.WORKER, HINT);

        assertThat(failure.kind()).isEqualTo(KafkaFailure.Kind.REFUSED);
        assertThat(failure.reason()).contains("worker", "bad password", "sasl.jaas.config", HINT);
        assertThat(failure.needsSomeoneToAct()).isTrue();
    }

    @Test
    void refusedRightsNameWhatThePrincipalNeedsFromKafkaAccess() {
        KafkaFailure failure = KafkaFailure.of(new TopicAuthorizationException(Set.of(Topics.PREDICTIONS)),
                KafkaAccess.WORKER, HINT);

        assertThat(failure.kind()).isEqualTo(KafkaFailure.Kind.REFUSED);
        assertThat(failure.reason()).contains("User:octflow-worker", "READ on topic " + Topics.SCANS,
                "WRITE on topic " + Topics.PREDICTIONS, "WRITE on transactional id " + KafkaAccess.WORKER_GROUP + "-*");
    }

    @Test
    void aFencedInstanceOrAnOldClusterIsFatal() {
        assertThat(KafkaFailure.of(new ProducerFencedException("epoch"), KafkaAccess.WORKER, HINT).kind())
                .isEqualTo(KafkaFailure.Kind.FATAL);
        assertThat(KafkaFailure.of(new UnsupportedVersionException("no txn"), KafkaAccess.WORKER, HINT).kind())
                .isEqualTo(KafkaFailure.Kind.FATAL);
    }

    @Test
    void aTimeoutAnywhereInTheChainIsAnOutage() {
        KafkaFailure failure = KafkaFailure.of(new KafkaException("abort failed",
                new TimeoutException("Topic not present in metadata after 10000 ms")), KafkaAccess.GATEWAY, HINT);

        assertThat(failure.kind()).isEqualTo(KafkaFailure.Kind.OUTAGE);
        assertThat(failure.reason()).contains("TimeoutException", "not present in metadata");
        assertThat(failure.needsSomeoneToAct()).isFalse();
    }

    @Test
    void anyOtherFailureIsOneCallThatFailedAndIsRetried() {
        assertThat(KafkaFailure.of(new IllegalStateException("Cannot send in state ABORTABLE_ERROR"),
                KafkaAccess.WORKER, HINT).kind()).isEqualTo(KafkaFailure.Kind.CALL_FAILED);
        assertThat(KafkaFailure.of(new NullPointerException("a bug met on one record"), KafkaAccess.WORKER, HINT)
                .kind()).isEqualTo(KafkaFailure.Kind.CALL_FAILED);
        assertThat(KafkaFailure.of(new KafkaException("record too large"), KafkaAccess.WORKER, HINT).kind())
                .isEqualTo(KafkaFailure.Kind.CALL_FAILED);
    }
}
