package org.octflow.gateway.api;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestQuery;
import org.octflow.gateway.exam.ExamQueries;
import org.octflow.gateway.exam.ExamSummaryView;
import org.octflow.gateway.exam.ExamView;
import org.octflow.gateway.query.PageView;
import org.octflow.gateway.report.ExamReports;

/** One result per exam and eye, from the exam's B-scans, also as a DICOM SR and a FHIR Bundle. */
@Path("/api/v1/exams")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class ExamResource {
    public static final String APPLICATION_DICOM = "application/dicom";
    public static final String APPLICATION_FHIR_JSON = "application/fhir+json";

    private final ExamQueries exams;
    private final ExamReports reports;

    public ExamResource(ExamQueries exams, ExamReports reports) {
        this.exams = exams;
        this.reports = reports;
    }

    @GET
    @Operation(summary = "Exams, most recently active first, each with one result per eye")
    public PageView<ExamSummaryView> exams(@RestQuery @DefaultValue("0") int page,
                                           @RestQuery @DefaultValue("20") int size) {
        return exams.exams(page, size);
    }

    @GET
    @Path("/{examId}")
    @Operation(summary = "One exam: per eye its result (label, status, the B-scan that decided it, why) and B-scans",
            description = "The most severe referable label (CNV, DME) decided on any B-scan decides the eye; else a"
                    + " B-scan awaiting review makes it REVIEW; else the most severe decided label. Reviews count.")
    public ExamView exam(@PathParam("examId") String examId) {
        return exams.exam(examId).orElseThrow(() -> new NotFoundProblem("no exam " + examId + ": no scan was"
                + " submitted with this examId"));
    }

    @GET
    @Path("/{examId}/report.dcm")
    @Produces(APPLICATION_DICOM)
    @Operation(summary = "The exam's result as a DICOM Comprehensive SR (TID 1500): per eye the class, probability and"
            + " decision, the model, the source instances; VERIFIED once every eye's result is a reviewer's",
            description = "404 for an unknown exam; 409 while an eye has no result (PENDING, REVIEW, FAILED) or states"
                    + " no eye. The SOP Instance UID is the same for the same result and new after any change.")
    public byte[] dicomReport(@PathParam("examId") String examId) {
        return reports.dicomSr(examId);
    }

    @GET
    @Path("/{examId}/fhir")
    @Produces(APPLICATION_FHIR_JSON)
    @Operation(summary = "The exam's result as a FHIR R4 Bundle (collection): DiagnosticReport, one Observation per"
            + " eye, the model as Device", description = "Status codes as for report.dcm.")
    public String fhirReport(@PathParam("examId") String examId) {
        return reports.fhirBundle(examId);
    }
}
