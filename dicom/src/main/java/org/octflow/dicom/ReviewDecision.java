package org.octflow.dicom;

/** What the exam's rule decided for an eye: its result stands as predicted, or a person must look at it. */
public enum ReviewDecision {
    AUTO_ACCEPTED(SrCodes.local("AUTO_ACCEPTED", "Accepted without review")),
    REVIEW(SrCodes.local("REVIEW", "Referred for review"));

    private final CodedConcept code;

    ReviewDecision(CodedConcept code) {
        this.code = code;
    }

    public CodedConcept code() {
        return code;
    }
}
