package org.octflow.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on a 3-node KRaft cluster (topics: 3 replicas, 2 in sync) as real processes, while a broker
 * crashes and comes back, and while two of three are down at once: every scan sent straight to Kafka and through the
 * gateway is predicted once and stored once, and no worker or gateway needs a restart.
 */
class ReplicatedClusterIT {
    @TempDir
    Path dir;

    @Test
    void aBrokerCrashOrTwoBrokersDownLoseAndDuplicateNothing() throws Exception {
        Path data = Launcher.generatedSplits(dir.resolve("generated.npz"), 40);
        Path state = dir.resolve("state");

        // 12 scans/s straight to Kafka: the stream runs ~17 s, so the fault (at 5 s) hits it mid-way.
        Launcher.Run faults = Launcher.run(dir.resolve("faults.log"), Duration.ofMinutes(12), "faults",
                "--brokers", "3", "--scenario", "broker-kill,two-brokers-down", "--scans", "200", "--workers", "1",
                "--rate", "12", "--data", data.toString(), "--state", state.toString());

        String said = "\nthe end of what it said:\n" + faults.tail(40) + "\nthe end of every service's log:"
                + Launcher.logTails(state, 25);
        assertThat(faults.finished()).as("finished within 12 minutes%s", said).isTrue();
        // scenario, sent kafka/api, predicted, failed, duplicated, lost, stored, stall, resumed, drained, restarts
        assertThat(faults.rows("broker-kill ", "two-brokers-down ")).as("the faults table%s", said)
                .containsPattern("broker-kill +200/200 +400 +0 +0 +0 +400 +[0-9.]+s +\\S+ +\\S+ +0 ")
                .containsPattern("two-brokers-down +200/200 +400 +0 +0 +0 +400 +[0-9.]+s +\\S+ +\\S+ +0 ");
        assertThat(faults.exitCode()).as("exit code%s", said).isZero();
    }
}
