package org.octflow.gateway.scan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * The DICOM instance and frame a B-scan was (see V11__scan_dicom_source.sql): UIDs only, never patient data. Keyed by
 * scan id like {@link ScanSiteDevice}, so a result can point back to its exact source frame.
 */
@Entity
@Table(name = "scan_dicom_source")
public class ScanDicomSource extends PanacheEntityBase {
    @Id
    @Column(name = "scan_id")
    public String scanId;
    @Column(name = "study_instance_uid", nullable = false)
    public String studyInstanceUid;
    @Column(name = "series_instance_uid", nullable = false)
    public String seriesInstanceUid;
    @Column(name = "sop_instance_uid", nullable = false)
    public String sopInstanceUid;
    @Column(name = "sop_class_uid", nullable = false)
    public String sopClassUid;
    @Column(name = "frame_number", nullable = false)
    public int frameNumber;
    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    public static ScanDicomSource of(String scanId, String study, String series, String sopInstance, String sopClass,
                                     int frameNumber, Instant now) {
        ScanDicomSource row = new ScanDicomSource();
        row.scanId = scanId;
        row.studyInstanceUid = study;
        row.seriesInstanceUid = series;
        row.sopInstanceUid = sopInstance;
        row.sopClassUid = sopClass;
        row.frameNumber = frameNumber;
        row.recordedAt = now;
        return row;
    }

    /** The sources of a study's scans, in instance and frame order. */
    public static List<ScanDicomSource> ofStudy(String studyInstanceUid) {
        return list("studyInstanceUid = ?1 ORDER BY sopInstanceUid, frameNumber", studyInstanceUid);
    }
}
