package org.octflow.dicom;

/** The eye, as Image Laterality (0020,0062) writes it ("R", "L") and as SNOMED CT codes it in a report. */
public enum Laterality {
    RIGHT("R", SrCodes.sct("24028007", "Right")),
    LEFT("L", SrCodes.sct("7771000", "Left"));

    private final String dicomValue;
    private final CodedConcept code;

    Laterality(String dicomValue, CodedConcept code) {
        this.dicomValue = dicomValue;
        this.code = code;
    }

    /** "R" or "L". */
    public String dicomValue() {
        return dicomValue;
    }

    public CodedConcept code() {
        return code;
    }

    /** From Image/Frame Laterality ("R", "L"); refused for anything else, "B" (both) included: one eye per finding. */
    public static Laterality of(String dicomValue) {
        for (Laterality laterality : values()) {
            if (laterality.dicomValue.equals(dicomValue)) {
                return laterality;
            }
        }
        throw new IllegalArgumentException("laterality is not \"R\" or \"L\"");
    }
}
