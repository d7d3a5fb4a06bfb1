package org.octflow.contracts.records;

/** Where a consumed record was: written as {@code topic/partition/offset} in dead letters and logs. */
public record RecordOrigin(String topic, int partition, long offset) {
    @Override
    public String toString() {
        return topic + "/" + partition + "/" + offset;
    }
}
