package org.octflow.trainer.core.config;

/**
 * Everything that decides a training run besides the data. Techniques combine freely.
 *
 * @param weightDecay            L2 coefficient on weights
 * @param earlyStoppingPatience  epochs without a better val loss before stopping (0 = off); best weights restored
 * @param accumulationSteps      micro-batches of {@code batchSize} per parameter update
 * @param classWeights           weight the loss by inverse class frequency (the imbalance remedy chosen)
 * @param calibration            post-hoc calibration on val, chosen by cross-validation, and its deployment prior
 * @param averagingDecay         exponential moving average of the weights, decay per update (0 = off): val,
 *                               early stopping and the exported model use the averaged weights
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, double weightDecay, long seed,
                             ScheduleConfig schedule, int earlyStoppingPatience, int accumulationSteps,
                             AugmentationConfig augmentation, boolean classWeights, CalibrationConfig calibration,
                             double averagingDecay) {

    public TrainingConfig {
        if (epochs < 1 || batchSize < 1 || accumulationSteps < 1) {
            throw new IllegalArgumentException("epochs, batch size and accumulation steps must be at least 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, was " + learningRate);
        }
        if (averagingDecay < 0 || averagingDecay >= 1) {
            throw new IllegalArgumentException("weight-averaging decay must be in [0, 1) (0 = off), was " + averagingDecay);
        }
    }

    /**
     * Most training images one run sees: it caps the epochs on large sets. 100 epochs of the 1,387-image subset fit;
     * the full OCTMNIST train split (97,477) gets 13, ~25 min on a 2-core machine (trainer README, Speed).
     */
    public static final long IMAGE_BUDGET = 1_300_000;

    /** The recipe the default model is trained with. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(100, 64, 2e-3, 1e-4, 42, ScheduleConfig.of(ScheduleConfig.Kind.COSINE), 20, 1,
                AugmentationConfig.standard(), true, CalibrationConfig.standard(), 0.99);
    }

    /** This recipe with its epochs capped to {@link #IMAGE_BUDGET} training images. */
    public TrainingConfig withinImageBudget(int trainImages) {
        int cap = (int) Math.max(1, IMAGE_BUDGET / Math.max(1, trainImages));
        return epochs <= cap ? this : withEpochs(cap);
    }

    /**
     * How many of the requested restarts (whole training runs from other seeds) fit the {@link #IMAGE_BUDGET}
     * together: all of them on the small subset, one on the full OCTMNIST train split.
     */
    public int restartsWithinBudget(int requested, int trainImages) {
        long perRun = (long) epochs * Math.max(1, trainImages);
        return (int) Math.max(1, Math.min(requested, IMAGE_BUDGET / perRun));
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batchSize, learningRate, weightDecay, seed, schedule, earlyStoppingPatience,
                accumulationSteps, augmentation, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, value, schedule, earlyStoppingPatience,
                accumulationSteps, augmentation, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(epochs, value, learningRate, weightDecay, seed, schedule, earlyStoppingPatience,
                accumulationSteps, augmentation, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(epochs, batchSize, value, weightDecay, seed, schedule, earlyStoppingPatience,
                accumulationSteps, augmentation, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withSchedule(ScheduleConfig value) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, value, earlyStoppingPatience,
                accumulationSteps, augmentation, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withEarlyStopping(int patience) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, schedule, patience,
                accumulationSteps, augmentation, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withAccumulation(int steps) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, schedule, earlyStoppingPatience,
                steps, augmentation, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withAugmentation(AugmentationConfig value) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, schedule, earlyStoppingPatience,
                accumulationSteps, value, classWeights, calibration, averagingDecay);
    }

    public TrainingConfig withClassWeights(boolean on) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, schedule, earlyStoppingPatience,
                accumulationSteps, augmentation, on, calibration, averagingDecay);
    }

    public TrainingConfig withCalibration(CalibrationConfig value) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, schedule, earlyStoppingPatience,
                accumulationSteps, augmentation, classWeights, value, averagingDecay);
    }

    public TrainingConfig withWeightAveraging(double decay) {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, schedule, earlyStoppingPatience,
                accumulationSteps, augmentation, classWeights, calibration, decay);
    }
}
