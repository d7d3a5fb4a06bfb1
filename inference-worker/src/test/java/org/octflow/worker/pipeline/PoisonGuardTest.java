package org.octflow.worker.pipeline;

import org.junit.jupiter.api.Test;
import org.octflow.contracts.records.RecordOrigin;

import static org.assertj.core.api.Assertions.assertThat;

class PoisonGuardTest {
    private static final RecordOrigin FIRST = new RecordOrigin("octflow.scans.v1", 0, 100);
    private static final RecordOrigin POISON = new RecordOrigin("octflow.scans.v1", 0, 105);

    private final PoisonGuard guard = new PoisonGuard(2, 2);

    @Test
    void oneFailureIsRetriedAsItWas() {
        guard.failed(null);

        assertThat(guard.isolating()).isFalse();
    }

    @Test
    void repeatedFailuresOfTransactionsOfManyRecordsSwitchToOneRecordPerTransaction() {
        guard.failed(null);
        guard.failed(null);

        assertThat(guard.isolating()).isTrue();
        assertThat(guard.poisonAttempts(FIRST)).as("no record is blamed for a shared failure").isZero();
    }

    @Test
    void aRecordThatFailsAloneTwiceIsPoisonAndOnlyThatOne() {
        guard.failed(null);
        guard.failed(null);
        guard.committed(); // records 100..104 commit one by one
        guard.failed(POISON);
        assertThat(guard.poisonAttempts(POISON)).isZero();
        guard.failed(POISON);

        assertThat(guard.poisonAttempts(POISON)).isEqualTo(2);
        assertThat(guard.poisonAttempts(FIRST)).isZero();

        guard.setAside(POISON);
        assertThat(guard.poisonAttempts(POISON)).isZero();
    }

    @Test
    void aCommitBetweenFailuresMeansNoPoison() {
        guard.failed(null);
        guard.committed();
        guard.failed(null);

        assertThat(guard.isolating()).isFalse();
    }

    @Test
    void goesBackToBatchingAfterAHundredCleanCommits() {
        guard.failed(null);
        guard.failed(null);
        for (int i = 0; i < 100; i++) {
            guard.committed();
        }

        assertThat(guard.isolating()).isFalse();
    }
}
