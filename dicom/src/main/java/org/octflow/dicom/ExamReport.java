package org.octflow.dicom;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one exam's Structured Report says: whose study, from which source objects, the finding per eye, by which
 * algorithm, and, once a reviewer has verified it, by whom ({@link SrWriter} writes it). At most one finding per
 * eye; every deciding B-scan is one of the sources and belongs to the study. Sources are empty when the B-scans came
 * as PNG or JPEG: the report then refers to no image.
 */
public record ExamReport(ReportInstance instance, ReportedStudy study, List<SourceInstance> sources,
                         List<EyeFinding> eyes, AlgorithmIdentity algorithm, Optional<Verification> verification) {

    public ExamReport {
        ValueRules.given("exam report instance", instance);
        ValueRules.given("exam report study", study);
        ValueRules.given("exam report algorithm", algorithm);
        ValueRules.given("exam report verification (Optional.empty() when unverified)", verification);
        sources = List.copyOf(ValueRules.given("exam report sources", sources));
        eyes = List.copyOf(ValueRules.given("exam report eyes", eyes));
        if (eyes.isEmpty()) {
            throw new IllegalArgumentException("exam report eyes is empty: there is no finding to report");
        }
        Set<Laterality> seen = new HashSet<>();
        Set<String> sourceUids = new HashSet<>();
        sources.forEach(source -> sourceUids.add(source.sopInstanceUid()));
        for (EyeFinding eye : eyes) {
            if (!seen.add(eye.laterality())) {
                throw new IllegalArgumentException("exam report eyes has two findings for eye "
                        + eye.laterality().dicomValue());
            }
            if (eye.decidingScan().isEmpty()) {
                continue;
            }
            if (!sourceUids.contains(eye.decidingScan().get().sopInstanceUid())) {
                throw new IllegalArgumentException("eye " + eye.laterality().dicomValue()
                        + ": decidingScan sopInstanceUid is not among the report's sources");
            }
            if (!eye.decidingScan().get().studyInstanceUid().equals(study.studyInstanceUid())) {
                throw new IllegalArgumentException("eye " + eye.laterality().dicomValue()
                        + ": decidingScan studyInstanceUid is not the report's study");
            }
        }
    }

    public boolean verified() {
        return verification.isPresent();
    }
}
