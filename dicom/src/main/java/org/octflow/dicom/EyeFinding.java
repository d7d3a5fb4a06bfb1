package org.octflow.dicom;

/**
 * The result for one eye: the class, its probability (0..1), what the exam's rule decided, and the B-scan (object
 * and frame) that decided it.
 */
public record EyeFinding(Laterality laterality, RetinalFinding finding, double probability, ReviewDecision decision,
                         ScanOrigin decidingScan) {

    public EyeFinding {
        ValueRules.given("eye finding laterality", laterality);
        String eye = "eye " + laterality.dicomValue() + ": ";
        ValueRules.given(eye + "finding", finding);
        ValueRules.given(eye + "decision", decision);
        ValueRules.given(eye + "decidingScan", decidingScan);
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
