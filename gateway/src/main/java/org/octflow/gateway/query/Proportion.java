package org.octflow.gateway.query;

/**
 * {@code count} of {@code of}, with a 95 % Wilson score interval: unlike the normal approximation it stays inside
 * [0, 1] and is honest for the small counts a new model version or a rare class has. All nulls when {@code of} is 0.
 */
public record Proportion(long count, long of, Double share, Double low, Double high) {
    private static final double Z = 1.959963984540054;

    public static Proportion of(long count, long of) {
        if (count < 0 || count > of) {
            throw new IllegalArgumentException("count " + count + " of " + of);
        }
        if (of == 0) {
            return new Proportion(0, 0, null, null, null);
        }
        double p = (double) count / of;
        double z2 = Z * Z;
        double centre = (p + z2 / (2.0 * of)) / (1 + z2 / of);
        double half = Z * Math.sqrt(p * (1 - p) / of + z2 / (4.0 * of * of)) / (1 + z2 / of);
        return new Proportion(count, of, p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
