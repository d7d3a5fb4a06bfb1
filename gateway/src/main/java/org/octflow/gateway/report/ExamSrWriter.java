package org.octflow.gateway.report;

import org.octflow.dicom.AlgorithmIdentity;
import org.octflow.dicom.ExamReport;
import org.octflow.dicom.EyeFinding;
import org.octflow.dicom.Laterality;
import org.octflow.dicom.ReportInstance;
import org.octflow.dicom.ReportedStudy;
import org.octflow.dicom.RetinalFinding;
import org.octflow.dicom.ReviewDecision;
import org.octflow.dicom.ScanOrigin;
import org.octflow.dicom.SourceInstance;
import org.octflow.dicom.SrWriter;
import org.octflow.dicom.Verification;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * An exam's findings as a DICOM Comprehensive SR (the dicom module's {@link SrWriter}). The patient module is left
 * empty (Type 2): the gateway stores no patient name, id or birth date; PACS links the report by its Study Instance
 * UID. Only sources of the report's study are referenced, so the evidence never points into another study.
 */
public final class ExamSrWriter {
    private final String organization;

    /** @param organization the verifying organisation named in a verified report */
    public ExamSrWriter(String organization) {
        this.organization = organization;
    }

    public byte[] write(ExamFindings findings) {
        return new SrWriter().write(report(findings));
    }

    ExamReport report(ExamFindings findings) {
        String study = findings.studyInstanceUid();
        ReportInstance instance = new ReportInstance(findings.reportSeriesUid(), findings.reportUid(),
                findings.version(), findings.changedAt().atOffset(ZoneOffset.UTC));
        ReportedStudy anonymous = new ReportedStudy(study, "", "", "", "", "", "", "", "", "");
        List<SourceInstance> sources = findings.sources().stream()
                .filter(source -> source.studyInstanceUid().equals(study))
                .map(source -> new SourceInstance(source.seriesInstanceUid(), source.sopClassUid(),
                        source.sopInstanceUid()))
                .distinct().toList();
        List<EyeFinding> eyes = findings.eyes().stream().map(eye -> new EyeFinding(Laterality.of(eye.laterality()),
                        finding(findings.examId(), eye.label()), eye.probability(),
                        eye.sentToReview() ? ReviewDecision.REVIEW : ReviewDecision.AUTO_ACCEPTED,
                        eye.decidingSource().filter(source -> source.studyInstanceUid().equals(study))
                                .map(source -> new ScanOrigin(study, source.seriesInstanceUid(),
                                        source.sopInstanceUid(), source.sopClassUid(), source.frameNumber(), ""))))
                .toList();
        ExamFindings.Model model = findings.model();
        Optional<Verification> verification = findings.verifiedBy().map(reviewer -> new Verification(reviewer.name(),
                organization, reviewer.reviewedAt().atOffset(ZoneOffset.UTC)));
        return new ExamReport(instance, anonymous, sources, eyes,
                new AlgorithmIdentity(model.name(), model.version(), model.sha256()), verification);
    }

    private static RetinalFinding finding(String examId, String label) {
        try {
            return RetinalFinding.ofLabel(label);
        } catch (IllegalArgumentException e) {
            throw new ReportUnavailable("exam " + examId + ": its label " + label + " has no code in a report (known:"
                    + " CNV, DME, DRUSEN, NORMAL)");
        }
    }
}
