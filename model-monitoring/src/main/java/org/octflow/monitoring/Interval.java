package org.octflow.monitoring;

/**
 * A two-sided interval on a share (0..1) with the probability it is meant to cover.
 *
 * @param level the stated coverage, e.g. 0.95
 */
public record Interval(double lower, double upper, double level) {
    public Interval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("interval lower " + lower + " is above upper " + upper);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), was " + level);
        }
    }

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    public double width() {
        return upper - lower;
    }

    /** This interval moved out by {@code margin} on each side, kept within 0..1. */
    Interval widenedBy(double margin) {
        return new Interval(Math.max(0, lower - margin), Math.min(1, upper + margin), level);
    }
}
