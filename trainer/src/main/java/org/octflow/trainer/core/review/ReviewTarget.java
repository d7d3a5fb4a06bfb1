package org.octflow.trainer.core.review;

import java.util.Locale;

/**
 * The safety target the review threshold is chosen for, on val.
 *
 * @param value for {@link Kind#ACCEPTED_ACCURACY} the least accuracy of the auto-accepted scans; for
 *              {@link Kind#REFERABLE_MISS} the most share of referable scans (CNV, DME) auto-accepted as NORMAL or
 *              DRUSEN
 */
public record ReviewTarget(Kind kind, double value) {

    public enum Kind {
        ACCEPTED_ACCURACY("accuracy"),
        REFERABLE_MISS("referable-miss");

        private final String flag;

        Kind(String flag) {
            this.flag = flag;
        }
    }

    public ReviewTarget {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("a review target is a share between 0 and 1, was " + value);
        }
    }

    public static ReviewTarget defaults() {
        return new ReviewTarget(Kind.ACCEPTED_ACCURACY, 0.95);
    }

    /** @param spec "accuracy:0.95" or "referable-miss:0.01" */
    public static ReviewTarget parse(String spec) {
        String[] parts = spec.split(":", 2);
        for (Kind kind : Kind.values()) {
            if (parts.length == 2 && kind.flag.equals(parts[0].trim())) {
                try {
                    return new ReviewTarget(kind, Double.parseDouble(parts[1].trim()));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("review target '" + spec + "': write accuracy:<share> (e.g. accuracy:0.95,"
                + " auto-accepted scans at least 95 % accurate) or referable-miss:<share> (e.g. referable-miss:0.01,"
                + " at most 1 % of CNV/DME scans auto-accepted as NORMAL or DRUSEN)");
    }

    boolean isMetBy(double acceptedAccuracy, double referableMissRate) {
        return kind == Kind.ACCEPTED_ACCURACY ? acceptedAccuracy >= value : referableMissRate <= value;
    }

    public String describe() {
        return kind == Kind.ACCEPTED_ACCURACY
                ? String.format(Locale.ROOT, "auto-accepted scans at least %.1f %% accurate on val", 100 * value)
                : String.format(Locale.ROOT, "at most %.1f %% of referable scans (CNV, DME) auto-accepted as NORMAL"
                + " or DRUSEN on val", 100 * value);
    }
}
