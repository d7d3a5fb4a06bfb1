package org.octflow.gateway.exam;

import org.octflow.gateway.scan.ScanStatus;

/**
 * One B-scan of an exam as the exam rule sees it.
 *
 * @param modelLabel the model's label, null while there is no prediction
 * @param finalLabel the latest review's label, null when nobody reviewed it
 */
public record BScan(String scanId, String laterality, ScanStatus status, String modelLabel, String finalLabel) {

    /** The label that counts for the exam: a reviewer's, else the model's when it decided alone; else none yet. */
    public String decidedLabel() {
        if (finalLabel != null) {
            return finalLabel;
        }
        return status == ScanStatus.DONE ? modelLabel : null;
    }

    /** The model sent it to review and nobody has answered. */
    public boolean awaitsReview() {
        return status == ScanStatus.REVIEW && finalLabel == null;
    }
}
