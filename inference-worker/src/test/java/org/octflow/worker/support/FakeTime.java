package org.octflow.worker.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Time that moves only when a test says so: a {@link Clock} and, for code that measures, a nano time. */
public final class FakeTime extends Clock {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private Duration elapsed = Duration.ZERO;

    public void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
    }

    /** For a {@code LongSupplier} in place of {@code System::nanoTime}. */
    public long nanoTime() {
        return elapsed.toNanos();
    }

    @Override
    public Instant instant() {
        return START.plus(elapsed);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
