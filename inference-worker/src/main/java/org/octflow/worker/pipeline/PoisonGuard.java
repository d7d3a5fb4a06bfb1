package org.octflow.worker.pipeline;

import org.octflow.contracts.records.RecordOrigin;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds a record that keeps failing its transaction while Kafka answers, so it can be set aside as a dead letter
 * instead of being retried forever. After {@code failuresBeforeIsolating} failed transactions in a row the loop
 * commits one record per transaction; a record that then fails {@code failuresAlone} times on its own is poison.
 * Outages do not count: retrying is what fixes those.
 */
final class PoisonGuard {
    /** Single-record commits after which the loop goes back to batching transactions. */
    private static final int ISOLATED_COMMITS_TO_RECOVER = 100;

    private final int failuresBeforeIsolating;
    private final int failuresAlone;
    private final Map<RecordOrigin, Integer> aloneFailures = new HashMap<>();
    private int failuresInARow;
    private int isolatedCommits;
    private boolean isolating;

    PoisonGuard(int failuresBeforeIsolating, int failuresAlone) {
        this.failuresBeforeIsolating = failuresBeforeIsolating;
        this.failuresAlone = failuresAlone;
    }

    /** True while every record should be committed in a transaction of its own. */
    boolean isolating() {
        return isolating;
    }

    /** A transaction failed; {@code alone} is its one record when it held exactly one, else null. */
    void failed(RecordOrigin alone) {
        failuresInARow++;
        isolatedCommits = 0;
        if (isolating && alone != null) {
            aloneFailures.merge(alone, 1, Integer::sum);
        }
        if (failuresInARow >= failuresBeforeIsolating) {
            isolating = true;
        }
    }

    /** A transaction committed. */
    void committed() {
        failuresInARow = 0;
        if (isolating && ++isolatedCommits >= ISOLATED_COMMITS_TO_RECOVER) {
            isolating = false;
            aloneFailures.clear();
        }
    }

    /** How many times this record failed alone, if that makes it poison; else 0. */
    int poisonAttempts(RecordOrigin record) {
        int failures = aloneFailures.getOrDefault(record, 0);
        return failures >= failuresAlone ? failures : 0;
    }

    /** The record was set aside; it is no longer watched. */
    void setAside(RecordOrigin record) {
        aloneFailures.remove(record);
    }
}
