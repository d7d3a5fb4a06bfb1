package org.octflow.gateway.report;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.octflow.gateway.config.GatewayConfig;

/** An exam's report in the formats the hospital reads: DICOM SR for PACS, FHIR R4 for the EHR. */
@ApplicationScoped
public class ExamReports {
    private final ExamFindingsQuery query;
    private final ExamSrWriter sr;
    private final Instance<FhirContext> fhirContext;

    public ExamReports(ExamFindingsQuery query, GatewayConfig config, Instance<FhirContext> fhirContext) {
        this.query = query;
        this.sr = new ExamSrWriter(config.reports().organization());
        this.fhirContext = fhirContext;
    }

    public ExamFindings findings(String examId) {
        return query.findings(examId);
    }

    /** The Comprehensive SR, a DICOM Part 10 file. */
    public byte[] dicomSr(String examId) {
        return dicomSr(query.findings(examId));
    }

    public byte[] dicomSr(ExamFindings findings) {
        return sr.write(findings);
    }

    /** The FHIR R4 Bundle as JSON. */
    public String fhirBundle(String examId) {
        return new ExamFhirWriter(fhirContext.get()).json(query.findings(examId));
    }
}
