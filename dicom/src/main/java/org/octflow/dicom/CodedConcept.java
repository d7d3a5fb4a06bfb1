package org.octflow.dicom;

/**
 * A coded concept as DICOM writes it (PS3.3 8.8): Code Value, Coding Scheme Designator and Code Meaning. Values are
 * checked against their VRs (SH, SH, LO), so a code too long for Code Value (over 16 characters) is refused.
 */
public record CodedConcept(String value, String scheme, String meaning) {

    public CodedConcept {
        ValueRules.requirePresent("code value", Vr.SH, value);
        ValueRules.requirePresent("coding scheme designator", Vr.SH, scheme);
        ValueRules.requirePresent("code meaning", Vr.LO, meaning);
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
