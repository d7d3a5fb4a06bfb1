package org.octflow.contracts;

import java.util.List;
import java.util.Map;

/**
 * One topic of the contract as it must be created: its name, partitions and configs. Replication depends on the
 * cluster, not the contract: {@link #replicas} and {@link #configsFor} fit the spec to a cluster of n brokers.
 *
 * @param partitions fixed for the topic's life (adding partitions moves keys): the scans topic's count bounds the
 *                   number of busy workers
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    /** Replicas wanted in a cluster of three or more brokers. */
    public static final int REPLICAS = 3;
    /** With three replicas: a write is acknowledged by two, so one broker may fail without losing it. */
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    /** Room for a record of {@link ContractLimits#MAX_RECORD_BYTES} plus the 12 bytes of framing the broker counts. */
    private static final String MAX_MESSAGE_BYTES = Integer.toString(ContractLimits.MAX_RECORD_BYTES + 12);

    public static final TopicSpec SCANS = new TopicSpec(Topics.SCANS, 12, Map.of(
            "retention.ms", Long.toString(7 * DAY_MS), "max.message.bytes", MAX_MESSAGE_BYTES));
    /** As many partitions as the scans topic: a batch's answer can sit in the same partition number. */
    public static final TopicSpec PREDICTIONS = new TopicSpec(Topics.PREDICTIONS, 12, Map.of(
            "retention.ms", Long.toString(7 * DAY_MS), "max.message.bytes", MAX_MESSAGE_BYTES));
    /** Kept longer: dead letters are for audit and redrive after a fix. */
    public static final TopicSpec SCANS_DEAD_LETTER = new TopicSpec(Topics.SCANS_DEAD_LETTER, 3, Map.of(
            "retention.ms", Long.toString(30 * DAY_MS), "max.message.bytes", MAX_MESSAGE_BYTES));

    public TopicSpec {
        configs = Map.copyOf(configs);
    }

    /** Every topic of contract version 1. */
    public static List<TopicSpec> all() {
        return List.of(SCANS, PREDICTIONS, SCANS_DEAD_LETTER);
    }

    /** Replicas in a cluster of {@code brokers}: three, or every broker of a smaller cluster. */
    public short replicas(int brokers) {
        return (short) Math.min(REPLICAS, brokers);
    }

    /** The topic's configs in a cluster of {@code brokers}, min.insync.replicas included. */
    public Map<String, String> configsFor(int brokers) {
        var all = new java.util.TreeMap<>(configs);
        all.put("min.insync.replicas", Integer.toString(Math.min(MIN_IN_SYNC_REPLICAS, replicas(brokers))));
        return all;
    }
}
