package org.octflow.trainer.core.train;

import org.octflow.trainer.core.config.ScheduleConfig;

/** The learning rate for each epoch; reduce-on-plateau also listens to the val loss. */
public final class LearningRateSchedule {
    private final ScheduleConfig config;
    private final double base;
    private final int epochs;
    private double plateauRate;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int epochsWithoutImprovement;

    public LearningRateSchedule(ScheduleConfig config, double base, int epochs) {
        this.config = config;
        this.base = base;
        this.epochs = epochs;
        this.plateauRate = base;
    }

    /** @param epoch 0-based */
    public double rateFor(int epoch) {
        return switch (config.kind()) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(config.factor(), epoch / Math.max(1, config.stepEvery()));
            // Half a cosine from base to ~0 over the planned epochs (no restarts).
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs)));
            case PLATEAU -> plateauRate;
        };
    }

    public void observeValidationLoss(double loss) {
        if (loss < bestLoss - 1e-4) {
            bestLoss = loss;
            epochsWithoutImprovement = 0;
            return;
        }
        epochsWithoutImprovement++;
        if (config.kind() == ScheduleConfig.Kind.PLATEAU && epochsWithoutImprovement >= config.plateauPatience()) {
            plateauRate *= config.factor();
            epochsWithoutImprovement = 0;
        }
    }
}
