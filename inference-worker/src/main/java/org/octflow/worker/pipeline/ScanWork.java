package org.octflow.worker.pipeline;

import org.octflow.preprocessing.GreyImage;

/**
 * One decoded scan waiting for a model run.
 *
 * @param startsRecord true for the first queued scan of its record: a model run that starts with it may use a newly
 *                     loaded model version without one PredictionBatch mixing two versions
 */
public record ScanWork(ConsumedRecord owner, int index, GreyImage image, boolean startsRecord) {
}
