package org.octflow.gateway.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Records that a scan was a frame of a DICOM object, as the STOW-RS ingest does in production (V11's
 * scan_dicom_source), so that a test can report on an exam that came as DICOM.
 */
public final class DicomSources {
    public static final String OPT = "1.2.840.10008.5.1.4.1.1.77.1.5.4";

    private DicomSources() {
    }

    public static void record(DataSource dataSource, String scanId, String study, String series, String sopInstance,
                              int frame) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO scan_dicom_source (scan_id,"
                     + " study_instance_uid, series_instance_uid, sop_instance_uid, sop_class_uid, frame_number,"
                     + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, scanId);
            insert.setString(2, study);
            insert.setString(3, series);
            insert.setString(4, sopInstance);
            insert.setString(5, OPT);
            insert.setInt(6, frame);
            insert.setTimestamp(7, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
