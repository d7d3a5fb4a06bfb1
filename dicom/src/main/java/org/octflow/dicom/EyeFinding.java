package org.octflow.dicom;

import java.util.Optional;

/**
 * The result for one eye: the class, its probability (0..1), what the exam's rule decided, and the B-scan (object
 * and frame) that decided it; empty when that B-scan came as PNG or JPEG, not from a DICOM object.
 */
public record EyeFinding(Laterality laterality, RetinalFinding finding, double probability, ReviewDecision decision,
                         Optional<ScanOrigin> decidingScan) {

    public EyeFinding(Laterality laterality, RetinalFinding finding, double probability, ReviewDecision decision,
                      ScanOrigin decidingScan) {
        this(laterality, finding, probability, decision, Optional.of(ValueRules.given("eye finding decidingScan",
                decidingScan)));
    }

    public EyeFinding {
        ValueRules.given("eye finding laterality", laterality);
        String eye = "eye " + laterality.dicomValue() + ": ";
        ValueRules.given(eye + "finding", finding);
        ValueRules.given(eye + "decision", decision);
        ValueRules.given(eye + "decidingScan (Optional.empty() when it was no DICOM object)", decidingScan);
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(eye + "probability is not within 0..1");
        }
        if (decidingScan.isPresent()) {
            ScanOrigin scan = decidingScan.get();
            if (scan.frameNumber() < 1) {
                throw new IllegalArgumentException(eye + "decidingScan frameNumber is not 1 or more");
            }
            if (!scan.laterality().isEmpty() && !scan.laterality().equals(laterality.dicomValue())) {
                throw new IllegalArgumentException(eye + "decidingScan laterality is the other eye's");
            }
            SourceInstance.of(scan); // checks its UIDs
        }
    }
}
