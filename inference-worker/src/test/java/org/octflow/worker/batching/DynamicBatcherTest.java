package org.octflow.worker.batching;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DynamicBatcherTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void aBatchIsDueAtOnceWhenMaxBatchItemsWait() {
        DynamicBatcher<Integer> batcher = new DynamicBatcher<>(4, Duration.ofMillis(5), now::get);
        batcher.addAll(List.of(1, 2, 3));
        assertThat(batcher.nanosUntilDue(now.get())).isEqualTo(Duration.ofMillis(5).toNanos());
        batcher.addAll(List.of(4));
        assertThat(batcher.nanosUntilDue(now.get())).isZero();
    }

    @Test
    void aPartialBatchIsDueWhenItsOldestItemHasWaitedMaxDelay() {
        DynamicBatcher<Integer> batcher = new DynamicBatcher<>(256, Duration.ofMillis(5), now::get);
        batcher.addAll(List.of(1));
        now.addAndGet(Duration.ofMillis(3).toNanos());
        batcher.addAll(List.of(2));
        assertThat(batcher.nanosUntilDue(now.get())).isEqualTo(Duration.ofMillis(2).toNanos());
        now.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(batcher.nanosUntilDue(now.get())).isZero();
    }

    @Test
    void nothingIsDueWhenNothingWaits() {
        DynamicBatcher<Integer> batcher = new DynamicBatcher<>(8, Duration.ofMillis(5), now::get);
        assertThat(batcher.nanosUntilDue(now.get())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void takeReturnsAtMostMaxBatchItemsOldestFirstAcrossAdds() throws Exception {
        DynamicBatcher<Integer> batcher = DynamicBatcher.withSystemClock(4, Duration.ofMillis(1));
        batcher.addAll(List.of(1, 2, 3));
        batcher.addAll(List.of(4, 5, 6));
        assertThat(batcher.take(Duration.ofSeconds(1))).containsExactly(1, 2, 3, 4);
        assertThat(batcher.take(Duration.ofSeconds(1))).containsExactly(5, 6);
        assertThat(batcher.size()).isZero();
    }

    @Test
    void takeWaitsNoLongerThanMaxDelayForAPartialBatch() throws Exception {
        DynamicBatcher<Integer> batcher = DynamicBatcher.withSystemClock(256, Duration.ofMillis(20));
        batcher.addAll(IntStream.range(0, 10).boxed().toList());
        long start = System.nanoTime();
        assertThat(batcher.take(Duration.ofSeconds(5))).hasSize(10);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMillis).isBetween(10L, 1000L);
    }

    @Test
    void takeReturnsEmptyWhenNothingArrivesInTime() throws Exception {
        DynamicBatcher<Integer> batcher = DynamicBatcher.withSystemClock(8, Duration.ofMillis(5));
        assertThat(batcher.take(Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void aWaitingTakeWakesWhenTheBatchFills() throws Exception {
        DynamicBatcher<Integer> batcher = DynamicBatcher.withSystemClock(2, Duration.ofSeconds(30));
        Thread producer = new Thread(() -> {
            sleep(50);
            batcher.addAll(List.of(1, 2));
        });
        producer.start();
        long start = System.nanoTime();
        assertThat(batcher.take(Duration.ofSeconds(10))).containsExactly(1, 2);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        producer.join();
    }

    @Test
    void drainEmptiesTheQueueRegardlessOfPolicy() {
        DynamicBatcher<Integer> batcher = new DynamicBatcher<>(2, Duration.ofSeconds(30), now::get);
        batcher.addAll(List.of(1, 2, 3));
        assertThat(batcher.drain()).containsExactly(1, 2, 3);
        assertThat(batcher.size()).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
