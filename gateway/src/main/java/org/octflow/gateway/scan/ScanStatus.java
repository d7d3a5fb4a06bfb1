package org.octflow.gateway.scan;

/** Where a scan is: waiting for a worker, predicted, predicted with low confidence, or given up on. */
public enum ScanStatus {
    PENDING, DONE, REVIEW, FAILED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
