package org.octflow.gateway.exam;

import org.octflow.gateway.scan.ScanStatus;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One result from the B-scans of one exam and eye. Each B-scan counts with its decided label (a reviewer's, else the
 * model's auto-accepted one). The most severe referable label decided on any B-scan decides the exam at once: one
 * B-scan showing CNV makes the eye CNV whatever the others show. Without one, a B-scan still awaiting review makes the
 * exam REVIEW (it may hide a referable finding), one awaiting a worker PENDING; otherwise the most severe decided label
 * stands. Severity and the referable classes are configured ({@code octflow.exams.*}); a label the order does not
 * name ranks below every named one.
 */
public final class ExamRule {
    private final List<String> severity;
    private final Set<String> referable;

    /** @param severity labels, most severe first */
    public ExamRule(List<String> severity, Set<String> referable) {
        this.severity = List.copyOf(severity);
        this.referable = Set.copyOf(referable);
    }

    public ExamResult apply(List<BScan> bScans) {
        Optional<BScan> worstReferable = mostSevere(bScans.stream()
                .filter(b -> b.decidedLabel() != null && referable.contains(b.decidedLabel())).toList());
        if (worstReferable.isPresent()) {
            BScan b = worstReferable.get();
            return new ExamResult(b.decidedLabel(), ScanStatus.DONE.name(), b.scanId(), "referable " + b.decidedLabel()
                    + " on a B-scan " + (b.finalLabel() != null ? "a reviewer labelled" : "the model auto-accepted"));
        }
        long awaiting = bScans.stream().filter(BScan::awaitsReview).count();
        if (awaiting > 0) {
            return new ExamResult(null, ScanStatus.REVIEW.name(), null, awaiting + " B-scan(s) await review and no"
                    + " decided B-scan is referable");
        }
        long pending = bScans.stream().filter(b -> b.status() == ScanStatus.PENDING).count();
        if (pending > 0) {
            return new ExamResult(null, ScanStatus.PENDING.name(), null, pending + " B-scan(s) await a worker");
        }
        Optional<BScan> worst = mostSevere(bScans.stream().filter(b -> b.decidedLabel() != null).toList());
        if (worst.isEmpty()) {
            return new ExamResult(null, ScanStatus.FAILED.name(), null, "no B-scan could be classified");
        }
        return new ExamResult(worst.get().decidedLabel(), ScanStatus.DONE.name(), worst.get().scanId(),
                "nothing referable; the most severe decided label");
    }

    /** The most severe, the earliest B-scan among equals (the list is in exam order). */
    private Optional<BScan> mostSevere(List<BScan> decided) {
        return decided.stream().min(Comparator.comparingInt(b -> rank(b.decidedLabel())));
    }

    private int rank(String label) {
        int index = severity.indexOf(label);
        return index < 0 ? severity.size() : index;
    }
}
