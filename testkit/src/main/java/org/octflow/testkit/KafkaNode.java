package org.octflow.testkit;

import org.octflow.contracts.TopicSpec;

/**
 * One KRaft node (broker and controller in one process) of a local cluster: where it listens, the controller quorum
 * it votes in, and how many nodes the cluster has (which sets the internal topics' replication).
 */
record KafkaNode(int id, int port, int controllerPort, String voters, int clusterSize) {

    /** The one node of a single-broker cluster. */
    static KafkaNode single(int port, int controllerPort) {
        return new KafkaNode(1, port, controllerPort, "1@127.0.0.1:" + controllerPort, 1);
    }

    int replicas() {
        return Math.min(TopicSpec.REPLICAS, clusterSize);
    }

    int minInSync() {
        return Math.min(TopicSpec.MIN_IN_SYNC_REPLICAS, replicas());
    }
}
