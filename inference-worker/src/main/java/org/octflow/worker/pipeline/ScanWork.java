package org.octflow.worker.pipeline;

import org.octflow.contracts.v1.Scan;
import org.octflow.preprocessing.GreyImage;
import org.octflow.preprocessing.ScanRejectedException;
import org.octflow.runtime.ScanTranslator;

/**
 * One decoded scan waiting for a model run.
 *
 * @param image        the scan at the size of the model served when it was taken in
 * @param startsRecord true for the first queued scan of its record: a model run that starts with it may use a newly
 *                     loaded model version without one PredictionBatch mixing two versions
 */
public record ScanWork(ConsumedRecord owner, int index, GreyImage image, boolean startsRecord) {

    /**
     * The scan at the size {@code translator}'s model takes. When a version of another input size was swapped in
     * after intake, the scan is decoded again from its record: resizing the resized image would not be the input the
     * model was trained on.
     */
    GreyImage imageFor(ScanTranslator translator) throws ScanRejectedException {
        if (translator.fits(image)) {
            return image;
        }
        Scan scan = owner.batch().getScans(index);
        return translator.toModelSize(scan.getImage().toByteArray(), scan.getEncoding(), scan.getWidth(),
                scan.getHeight());
    }
}
