package org.octflow.dicom;

import java.util.Locale;

/**
 * The classes the OCT classifier tells apart, each with its SNOMED CT code (sources in the README): the report's
 * Finding (121071, DCM).
 */
public enum RetinalFinding {
    CNV(SrCodes.sct("75971007", "Choroidal retinal neovascularization")),
    DME(SrCodes.sct("312912001", "Diabetic macular edema")),
    DRUSEN(SrCodes.sct("247153005", "Retinal drusen")),
    NORMAL(SrCodes.sct("17621005", "Normal"));

    private final CodedConcept code;

    RetinalFinding(CodedConcept code) {
        this.code = code;
    }

    public CodedConcept code() {
        return code;
    }

    /** From the model's class label, case-insensitively ("CNV", "drusen" ...). */
    public static RetinalFinding ofLabel(String label) {
        if (label != null) {
            for (RetinalFinding finding : values()) {
                if (finding.name().equals(label.strip().toUpperCase(Locale.ROOT))) {
                    return finding;
                }
            }
        }
        throw new IllegalArgumentException("class label is not one of CNV, DME, DRUSEN, NORMAL");
    }
}
