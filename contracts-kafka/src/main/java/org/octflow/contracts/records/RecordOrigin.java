package org.octflow.contracts.records;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Optional;

/** Where a consumed record was: written as {@code topic/partition/offset} in dead letters and logs, and read back. */
public record RecordOrigin(String topic, int partition, long offset) {

    public static RecordOrigin of(ConsumerRecord<?, ?> record) {
        return new RecordOrigin(record.topic(), record.partition(), record.offset());
    }

    /** The origin {@link #toString} wrote, or empty when {@code text} is not one (absent, or from another writer). */
    public static Optional<RecordOrigin> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        // A topic name has no '/' (Kafka allows letters, digits, '.', '_', '-'): the last two parts are numbers.
        int offsetAt = text.lastIndexOf('/');
        int partitionAt = offsetAt < 0 ? -1 : text.lastIndexOf('/', offsetAt - 1);
        if (partitionAt <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RecordOrigin(text.substring(0, partitionAt),
                    Integer.parseInt(text.substring(partitionAt + 1, offsetAt)),
                    Long.parseLong(text.substring(offsetAt + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "/" + offset;
    }
}
