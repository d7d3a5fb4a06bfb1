package org.octflow.dicom;

import java.time.OffsetDateTime;

/**
 * The identity of one written report: its series, its own SOP Instance UID, its number in the series and when its
 * content was made. A changed result (a review) is a new instance in the same series ({@link #next}): an SR, once
 * sent, is never rewritten under the same UID.
 */
public record ReportInstance(String seriesInstanceUid, String sopInstanceUid, int instanceNumber,
                             OffsetDateTime contentDateTime) {

    public ReportInstance {
        ValueRules.requirePresent("seriesInstanceUid", Vr.UI, seriesInstanceUid);
        ValueRules.requirePresent("sopInstanceUid", Vr.UI, sopInstanceUid);
        if (instanceNumber < 1) {
            throw new IllegalArgumentException("instanceNumber is not 1 or more");
        }
        ValueRules.given("contentDateTime", contentDateTime);
    }

    /** The first report of an exam: a new series, new UIDs. */
    public static ReportInstance first(OffsetDateTime contentDateTime) {
        return new ReportInstance(DicomUids.random(), DicomUids.random(), 1, contentDateTime);
    }

    /** The next report of the same exam: same series, a new instance. */
    public ReportInstance next(OffsetDateTime contentDateTime) {
        return new ReportInstance(seriesInstanceUid, DicomUids.random(), instanceNumber + 1, contentDateTime);
    }
}
