package org.octflow.worker.pipeline;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BackpressureTest {
    private static final TopicPartition P0 = new TopicPartition("octflow.scans.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("octflow.scans.v1", 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicInteger pauses = new AtomicInteger();
    private final Backpressure backpressure = new Backpressure(consumer, 100, pauses::incrementAndGet);

    @Test
    void pausesEveryPartitionOnceTheQueueIsFull() {
        consumer.assign(List.of(P0, P1));

        backpressure.apply(99);
        assertThat(backpressure.isPaused()).isFalse();
        backpressure.apply(100);

        assertThat(backpressure.isPaused()).isTrue();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
        assertThat(pauses).hasValue(1);
    }

    @Test
    void staysPausedUntilTheQueueIsDownToHalf() {
        consumer.assign(List.of(P0));
        backpressure.apply(100);

        backpressure.apply(51);
        assertThat(backpressure.isPaused()).as("no flapping around the limit").isTrue();
        backpressure.apply(50);

        assertThat(backpressure.isPaused()).isFalse();
        assertThat(consumer.paused()).isEmpty();
        assertThat(pauses).as("one pause, counted once").hasValue(1);
    }

    @Test
    void pausesAPartitionAssignedWhilePaused() {
        consumer.assign(List.of(P0));
        backpressure.apply(100);

        consumer.assign(List.of(P0, P1));
        backpressure.apply(80);

        assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
    }
}
