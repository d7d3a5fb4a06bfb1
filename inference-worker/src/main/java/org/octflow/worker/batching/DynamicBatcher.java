package org.octflow.worker.batching;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Groups items from many Kafka records into model runs: a batch is due when {@code maxBatch} items wait or when the
 * oldest has waited {@code maxDelay}, whichever comes first. Producers never block (the Kafka thread must keep
 * polling); the caller bounds the queue by pausing partitions.
 */
public final class DynamicBatcher<T> {
    private record Entry<T>(T item, long enqueuedAt) {
    }

    private final int maxBatch;
    private final long maxDelayNanos;
    private final LongSupplier nanoClock;
    private final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    public DynamicBatcher(int maxBatch, Duration maxDelay, LongSupplier nanoClock) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.nanoClock = nanoClock;
    }

    public static <T> DynamicBatcher<T> withSystemClock(int maxBatch, Duration maxDelay) {
        return new DynamicBatcher<>(maxBatch, maxDelay, System::nanoTime);
    }

    public void addAll(Collection<T> items) {
        if (items.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            long now = nanoClock.getAsLong();
            for (T item : items) {
                queue.addLast(new Entry<>(item, now));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Nanoseconds until a batch is due at {@code now}: 0 when due, {@link Long#MAX_VALUE} when nothing waits. */
    public long nanosUntilDue(long now) {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                return Long.MAX_VALUE;
            }
            if (queue.size() >= maxBatch) {
                return 0;
            }
            return Math.max(0, queue.peekFirst().enqueuedAt() + maxDelayNanos - now);
        } finally {
            lock.unlock();
        }
    }

    /** The next due batch (oldest first, at most maxBatch), waiting for it at most {@code timeout}; empty if none. */
    public List<T> take(Duration timeout) throws InterruptedException {
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                long now = nanoClock.getAsLong();
                long due = nanosUntilDue(now);
                if (due == 0) {
                    return removeFirst(maxBatch);
                }
                long left = deadline - now;
                if (left <= 0) {
                    return List.of();
                }
                changed.awaitNanos(Math.min(due, left));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Everything that waits, regardless of policy: for shutdown and for discarding work after a rebalance. */
    public List<T> drain() {
        lock.lock();
        try {
            return removeFirst(Integer.MAX_VALUE);
        } finally {
            lock.unlock();
        }
    }

    private List<T> removeFirst(int limit) {
        int n = Math.min(limit, queue.size());
        List<T> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(queue.pollFirst().item());
        }
        return batch;
    }

    /** Wakes a waiting {@link #take} so it can notice shutdown. */
    public void wakeUp() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int maxBatch() {
        return maxBatch;
    }
}
