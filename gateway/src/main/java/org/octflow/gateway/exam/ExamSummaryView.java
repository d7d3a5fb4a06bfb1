package org.octflow.gateway.exam;

import java.time.Instant;

/** One line of the exam list: how many B-scans, when the latest came, and the exam's view. */
public record ExamSummaryView(String examId, long bScans, Instant lastActivity, ExamView exam) {
}
