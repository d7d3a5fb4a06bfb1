package org.octflow.trainer.cli;

import org.octflow.trainer.core.calibration.DeploymentPrior;
import org.octflow.trainer.core.config.ArchitectureConfig;
import org.octflow.trainer.core.config.AugmentationConfig;
import org.octflow.trainer.core.config.CalibrationConfig;
import org.octflow.trainer.core.config.ScheduleConfig;
import org.octflow.trainer.core.config.TrainingConfig;
import org.octflow.trainer.dl4j.NetworkFactory;
import picocli.CommandLine.Option;

/** The training flags shared by train and experiment; unset flags keep the default recipe. */
public final class TrainingOptions {
    @Option(names = "--epochs", description = "maximum epochs, capped at 1.3M training images per run (default ${DEFAULT-VALUE})", defaultValue = "100")
    int epochs;
    @Option(names = "--batch-size", description = "images per micro-batch (default ${DEFAULT-VALUE})", defaultValue = "64")
    int batchSize;
    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})", defaultValue = "0.002")
    double learningRate;
    @Option(names = "--weight-decay", description = "L2 on weights (default ${DEFAULT-VALUE})", defaultValue = "0.0001")
    double weightDecay;
    @Option(names = "--seed", description = "seed for init, shuffling, dropout, augmentation (default ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;
    @Option(names = "--schedule", description = "CONSTANT, STEP, COSINE or PLATEAU (default ${DEFAULT-VALUE})", defaultValue = "COSINE")
    ScheduleConfig.Kind schedule;
    @Option(names = "--patience", description = "early stopping patience in epochs, 0 = off (default ${DEFAULT-VALUE})", defaultValue = "20")
    int patience;
    @Option(names = "--accumulate", description = "micro-batches per update (default ${DEFAULT-VALUE})", defaultValue = "1")
    int accumulate;
    @Option(names = "--augment", negatable = true, description = "on-the-fly augmentation (default on)", defaultValue = "true", fallbackValue = "true")
    boolean augment;
    @Option(names = "--class-weights", negatable = true, description = "inverse-frequency loss weights: the imbalance remedy (default on; they trade a little val accuracy for DME/DRUSEN recall)", defaultValue = "true", fallbackValue = "true")
    boolean classWeights;
    @Option(names = "--calibrate", negatable = true, description = "post-hoc calibration on val: none, temperature, vector or matrix scaling, chosen by 5-fold cross-validated log-loss (default on)", defaultValue = "true", fallbackValue = "true")
    boolean calibrate;
    @Option(names = "--deployment-prior", description = "class mix the served probabilities assume: BALANCED (every class equally likely, as in OCTMNIST's and OCT2017's test sets) or TRAINING (the data set's own, as val holds it) (default ${DEFAULT-VALUE})", defaultValue = "BALANCED")
    DeploymentPrior deploymentPrior;
    @Option(names = "--average-weights", description = "decay of the weights' moving average used for val, early stopping and export; 0 = off (default ${DEFAULT-VALUE})", defaultValue = "0.99")
    double averageWeights;
    @Option(names = "--conv", description = "convolutions, 'p' = pool after (default ${DEFAULT-VALUE})", defaultValue = "32,32p,64,64p,128")
    String conv;
    @Option(names = "--dense", description = "dense units (default ${DEFAULT-VALUE})", defaultValue = "128")
    int dense;
    @Option(names = "--dropout", description = "dropout before the output (default ${DEFAULT-VALUE})", defaultValue = "0.3")
    double dropout;
    @Option(names = "--batch-norm", negatable = true, description = "batch norm after each convolution (default on)", defaultValue = "true", fallbackValue = "true")
    boolean batchNorm;
    @Option(names = "--head", description = "DENSE (flatten, --dense units, dropout) or GLOBAL_AVERAGE (each channel's mean, dropout: the class activation map comes with it) (default ${DEFAULT-VALUE})", defaultValue = "GLOBAL_AVERAGE")
    ArchitectureConfig.Head head;
    @Option(names = "--builtin-layers", description = "DL4J's own layer code instead of the fast layers (oneDNN convolution and pooling, fused batch norm): ~5x slower, for comparison")
    boolean builtinLayers;

    public TrainingConfig training() {
        return new TrainingConfig(epochs, batchSize, learningRate, weightDecay, seed, ScheduleConfig.of(schedule),
                patience, accumulate, augment ? AugmentationConfig.standard() : AugmentationConfig.off(),
                classWeights, new CalibrationConfig(calibrate, deploymentPrior), averageWeights);
    }

    public NetworkFactory networks() {
        return new NetworkFactory(!builtinLayers);
    }

    public ArchitectureConfig architecture() {
        return ArchitectureConfig.parse(conv, dense, dropout, batchNorm, head);
    }
}
