package org.octflow.gateway.exam;

import java.util.List;

/** An exam: one result per eye (laterality R, L, or null when the B-scans did not say), with its B-scans in order. */
public record ExamView(String examId, List<Eye> eyes) {

    public record Eye(String laterality, ExamResult result, List<BScan> bScans) {
    }
}
