package org.octflow.trainer.core.config;

/**
 * How the learning rate moves between epochs.
 *
 * @param stepEvery       STEP: epochs between decays
 * @param factor          STEP and PLATEAU: multiplier at each decay
 * @param plateauPatience PLATEAU: epochs without a better val loss before decaying
 */
public record ScheduleConfig(Kind kind, int stepEvery, double factor, int plateauPatience) {
    public enum Kind { CONSTANT, STEP, COSINE, PLATEAU }

    public static ScheduleConfig constant() {
        return new ScheduleConfig(Kind.CONSTANT, 0, 1, 0);
    }

    public static ScheduleConfig of(Kind kind) {
        return switch (kind) {
            case CONSTANT -> constant();
            case STEP -> new ScheduleConfig(kind, 10, 0.5, 0);
            case COSINE -> new ScheduleConfig(kind, 0, 1, 0);
            case PLATEAU -> new ScheduleConfig(kind, 0, 0.5, 3);
        };
    }
}
