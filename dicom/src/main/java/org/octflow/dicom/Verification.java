package org.octflow.dicom;

import java.time.OffsetDateTime;

/** The reviewer who verified the report (PS3.3 C.17.2 Verifying Observer): a person name (PN), an organisation. */
public record Verification(String verifierName, String organization, OffsetDateTime verifiedAt) {

    public Verification {
        ValueRules.requirePresent("verifierName", Vr.PN, verifierName);
        ValueRules.requirePresent("verifying organization", Vr.LO, organization);
        ValueRules.given("verifiedAt", verifiedAt);
    }

    @Override
    public String toString() {
        return "Verification[<hidden>, " + organization + ", " + verifiedAt + "]";
    }
}
