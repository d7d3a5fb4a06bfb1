package org.octflow.trainer.core.train;

import java.util.Locale;

/** One epoch's figures, as written to history.csv / history.json. */
public record EpochRecord(int epoch, double learningRate, double trainLoss, double valLoss, double valAccuracy,
                          double seconds, double imagesPerSecond) {

    public static String csvHeader() {
        return "epoch,learning_rate,train_loss,val_loss,val_accuracy,seconds,images_per_second";
    }

    public String csvRow() {
        return String.format(Locale.ROOT, "%d,%.6g,%.5f,%.5f,%.5f,%.2f,%.1f", epoch, learningRate, trainLoss, valLoss,
                valAccuracy, seconds, imagesPerSecond);
    }
}
