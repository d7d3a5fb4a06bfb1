package org.octflow.gateway.exam;

/**
 * One exam's (and eye's) result.
 *
 * @param label     the exam's label; null while nothing is decided
 * @param status    DONE (decided), REVIEW (a B-scan awaits review and nothing referable is decided), PENDING (B-scans
 *                  still wait for a worker), FAILED (no B-scan could be classified)
 * @param decidedBy the B-scan whose label the exam took; null unless DONE
 * @param why       the rule's reason, in words
 */
public record ExamResult(String label, String status, String decidedBy, String why) {
}
