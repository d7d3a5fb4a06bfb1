package org.octflow.gateway.monitoring;

import org.octflow.monitoring.DriftVerdict;

/**
 * The drift test of one group's latest scans: TESTED with its verdict, or why not (NO_PROFILE: the model version has
 * no reference profile; TOO_FEW_SCANS: under 20 of the group's scans have a preview). Untested is not "no drift".
 */
public record DriftView(Status status, DriftVerdict verdict, String note) {
    public enum Status { TESTED, NO_PROFILE, TOO_FEW_SCANS }

    public boolean drifted() {
        return verdict != null && verdict.drifted();
    }
}
