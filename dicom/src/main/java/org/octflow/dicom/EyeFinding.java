package org.octflow.dicom;

/**
 * The result for one eye: the class, its probability (0..1), what the exam's rule decided, and the B-scan (object
 * and frame) that decided it.
 */
public record EyeFinding(Laterality laterality, RetinalFinding finding, double probability, ReviewDecision decision,
                         ScanOrigin decidingScan) {

    public EyeFinding {
        if (laterality == null) {
            throw new IllegalArgumentException("eye finding laterality is missing");
        }
        String eye = "eye " + laterality.dicomValue() + ": ";
        if (finding == null || decision == null || decidingScan == null) {
            throw new IllegalArgumentException(eye + (finding == null ? "finding" : decision == null ? "decision"
                    : "decidingScan") + " is missing");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(eye + "probability is not within 0..1");
        }
        if (decidingScan.frameNumber() < 1) {
            throw new IllegalArgumentException(eye + "decidingScan frameNumber is not 1 or more");
        }
        if (!decidingScan.laterality().isEmpty() && !decidingScan.laterality().equals(laterality.dicomValue())) {
            throw new IllegalArgumentException(eye + "decidingScan laterality is the other eye's");
        }
        SourceInstance.of(decidingScan); // checks its UIDs
    }
}
