package org.octflow.dicom;

import java.util.regex.Pattern;

/** The model that produced the findings, as TID 4019 Algorithm Identification records it. */
public record AlgorithmIdentity(String name, String version, String sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public AlgorithmIdentity {
        ValueRules.requirePresent("algorithm name", Vr.LO, name);
        ValueRules.requirePresent("algorithm version", Vr.LO, version);
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("algorithm sha256 is not 64 lower-case hex digits");
        }
    }

    /** One device observer per model file: the same sha256 gives the same UID in every report. */
    String deviceObserverUid() {
        return DicomUids.fromName("octflow-model:" + sha256);
    }
}
