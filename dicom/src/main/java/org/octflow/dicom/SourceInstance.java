package org.octflow.dicom;

/** One source image object the report was made from, for Current Requested Procedure Evidence Sequence. */
public record SourceInstance(String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {

    public SourceInstance {
        ValueRules.requirePresent("source seriesInstanceUid", Vr.UI, seriesInstanceUid);
        ValueRules.requirePresent("source sopClassUid", Vr.UI, sopClassUid);
        ValueRules.requirePresent("source sopInstanceUid", Vr.UI, sopInstanceUid);
    }

    /** The object a B-scan came from. */
    public static SourceInstance of(ScanOrigin scan) {
        return new SourceInstance(scan.seriesInstanceUid(), scan.sopClassUid(), scan.sopInstanceUid());
    }
}
