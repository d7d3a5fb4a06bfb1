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

/** One result per exam and eye, from the exam's B-scans. */
@Path("/api/v1/exams")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class ExamResource {
    private final ExamQueries exams;

    public ExamResource(ExamQueries exams) {
        this.exams = exams;
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
}
