package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dicom.Attributes;
import org.octflow.dicom.DicomReader;
import org.octflow.dicom.Tag;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.DicomSources;
import org.octflow.gateway.support.DicomValidators;
import org.octflow.gateway.support.Exams;
import org.octflow.gateway.support.FhirR4Check;
import org.octflow.gateway.support.OctflowStack;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * An exam's result leaves as a DICOM Comprehensive SR (for PACS) and a FHIR R4 Bundle (for the EHR): unverified and
 * preliminary until every eye's result is a reviewer's, then verified and final under a new SR instance.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class ExamReportTest {
    private static final int VERIFICATION_FLAG = 0x0040_A493;
    private static final int INSTANCE_NUMBER = 0x0020_0013;
    private static final int PATIENT_ID = 0x0010_0020;

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    @TempDir
    Path dir;

    /** One FhirContext for the class, as the app keeps one: building one takes about a second. */
    private static final FhirR4Check fhir = new FhirR4Check();

    @Test
    void anExamFromDicomIsReportedInItsOwnStudyUnverifiedAndPreliminaryBeforeReview() throws Exception {
        String study = "1.2.826.0.1.3680043.8.498." + Math.abs(UUID.randomUUID().getMostSignificantBits());
        List<String> scans = Exams.withResults(bootstrapServers, study, List.of("R", "L"), List.of("NORMAL", "CNV"));
        DicomSources.record(dataSource, scans.get(0), study, study + ".1", study + ".1.1", 3);
        DicomSources.record(dataSource, scans.get(1), study, study + ".1", study + ".1.2", 7);

        byte[] dcm = report(study, Api.asReader());
        Attributes sr = new DicomReader().read(new ByteArrayInputStream(dcm)).attributes();
        assertThat(sr.string(Tag.STUDY_INSTANCE_UID)).contains(study);
        assertThat(sr.string(VERIFICATION_FLAG)).contains("UNVERIFIED");
        assertThat(sr.string(PATIENT_ID).orElse("")).as("the gateway stores no patient id").isEmpty();
        assertThat(report(study, Api.asReader())).as("the same result is the same instance, byte for byte")
                .isEqualTo(dcm);
        Path file = Files.write(dir.resolve("dicom-exam.dcm"), dcm);
        assertThat(DicomValidators.dciodvfyErrors(file)).isEmpty();
        assertThat(DicomValidators.dsrdump(file)).contains("UNVERIFIED", "Choroidal retinal neovascularization",
                "Normal", "Right", "Left", "octmnist-cnn", "test-1", "(OPt image,,3)", "(OPt image,,7)");
        assertThat(new String(dcm, StandardCharsets.ISO_8859_1)).as("evidence: both source instances")
                .contains(study + ".1.1", study + ".1.2");

        String json = fhirReport(study);
        assertThat(fhir.errors(json)).isEmpty();
        Bundle bundle = fhir.parse(json);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        DiagnosticReport diagnosticReport = (DiagnosticReport) bundle.getEntryFirstRep().getResource();
        assertThat(diagnosticReport.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
        assertThat(diagnosticReport.getIdentifierFirstRep().getValue())
                .isEqualTo("urn:oid:" + sr.string(Tag.SOP_INSTANCE_UID).orElseThrow());
        List<Observation> eyes = resources(bundle, Observation.class);
        assertThat(eyes).extracting(o -> o.getBodySite().getCodingFirstRep().getCode())
                .containsExactly("362502000", "362503005");
        assertThat(eyes).extracting(o -> o.getValueCodeableConcept().getCodingFirstRep().getCode())
                .containsExactly("17621005", "75971007");
        assertThat(eyes.get(1).getComponent()).hasSize(5)
                .anySatisfy(c -> {
                    assertThat(c.getCode().getCodingFirstRep().getCode()).isEqualTo("75971007");
                    assertThat(c.getValueQuantity().getValue().doubleValue()).isCloseTo(0.9, org.assertj.core.data
                            .Offset.offset(1e-6));
                });
        assertThat(eyes).allMatch(o -> o.getStatus() == Observation.ObservationStatus.PRELIMINARY);
        Device model = resources(bundle, Device.class).get(0);
        assertThat(model.getDeviceNameFirstRep().getName()).isEqualTo("octmnist-cnn");
        assertThat(model.getVersionFirstRep().getValue()).isEqualTo("test-1");
        assertThat(model.getIdentifierFirstRep().getValue()).isEqualTo("ab".repeat(32));
    }

    @Test
    void aReviewersCorrectionIsANewVerifiedAndFinalInstanceNamingTheReviewer() throws Exception {
        String examId = "jpeg-exam-" + UUID.randomUUID();
        List<String> scans = Exams.withResults(bootstrapServers, examId, List.of("R", "R"), List.of("NORMAL", "NORMAL"));
        byte[] before = report(examId, Api.asReader());
        Attributes first = new DicomReader().read(new ByteArrayInputStream(before)).attributes();
        assertThat(first.string(Tag.STUDY_INSTANCE_UID).orElseThrow()).as("no UID as exam id: one is derived")
                .startsWith("2.25.");

        Api.asReviewer().contentType("application/json").body(Map.of("label", "DRUSEN", "reviewer", "Okafor^Grace"))
                .post("/api/v1/scans/" + scans.get(0) + "/reviews").then().statusCode(201);

        byte[] after = report(examId, Api.asReader());
        Attributes second = new DicomReader().read(new ByteArrayInputStream(after)).attributes();
        assertThat(second.string(VERIFICATION_FLAG)).contains("VERIFIED");
        assertThat(second.string(Tag.SOP_INSTANCE_UID)).isNotEqualTo(first.string(Tag.SOP_INSTANCE_UID));
        assertThat(second.string(Tag.SERIES_INSTANCE_UID)).isEqualTo(first.string(Tag.SERIES_INSTANCE_UID));
        assertThat(second.string(Tag.STUDY_INSTANCE_UID)).isEqualTo(first.string(Tag.STUDY_INSTANCE_UID));
        assertThat(second.string(INSTANCE_NUMBER)).contains("2");
        Path file = Files.write(dir.resolve("reviewed.dcm"), after);
        assertThat(DicomValidators.dciodvfyErrors(file)).isEmpty();
        assertThat(DicomValidators.dsrdump(file)).contains("VERIFIED", "Okafor", "Retinal drusen")
                .doesNotContain("UNVERIFIED");

        String json = fhirReport(examId);
        assertThat(fhir.errors(json)).isEmpty();
        Bundle bundle = fhir.parse(json);
        DiagnosticReport diagnosticReport = resources(bundle, DiagnosticReport.class).get(0);
        assertThat(diagnosticReport.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
        assertThat(diagnosticReport.getResultsInterpreterFirstRep().getDisplay()).isEqualTo("Okafor^Grace");
        assertThat(resources(bundle, Observation.class)).singleElement()
                .satisfies(o -> assertThat(o.getValueCodeableConcept().getCodingFirstRep().getCode())
                        .isEqualTo("247153005"));
    }

    @Test
    void anUnknownExamIsNotFoundAndOneWithoutAResultYetIsAConflict() {
        for (String path : List.of("/report.dcm", "/fhir")) {
            Api.asReader().get("/api/v1/exams/no-such-exam" + path).then().statusCode(404)
                    .body("message", containsString("no exam no-such-exam"));
        }
        String waiting = "waiting-" + UUID.randomUUID();
        Exams.submit(waiting, List.of("L"));
        for (String path : List.of("/report.dcm", "/fhir")) {
            Api.asReader().get("/api/v1/exams/" + waiting + path).then().statusCode(409)
                    .body("message", containsString("no result for eye L yet (PENDING"));
        }
    }

    @Test
    void everyKeyThatReadsResultsGetsTheReportsAndNoKeyIsRefused() {
        String examId = "roles-" + UUID.randomUUID();
        Exams.withResults(bootstrapServers, examId, List.of("L"), List.of("DME"));
        for (var key : List.of(Api.asReader(), Api.asSubmitter(), Api.asReviewer())) {
            report(examId, key);
        }
        io.restassured.RestAssured.given().get("/api/v1/exams/" + examId + "/report.dcm").then().statusCode(401);
        io.restassured.RestAssured.given().get("/api/v1/exams/" + examId + "/fhir").then().statusCode(401);
    }

    @Test
    void theBundleCheckFindsAMissingRequiredElement() {
        String examId = "check-" + UUID.randomUUID();
        Exams.withResults(bootstrapServers, examId, List.of("R"), List.of("CNV"));
        String json = fhirReport(examId);
        assertThat(fhir.errors(json)).isEmpty();
        assertThat(fhir.errors(json.replaceFirst("\"status\": \"preliminary\",", "")))
                .as("DiagnosticReport.status is 1..1").isNotEmpty();
        assertThat(fhir.errors(json.replaceFirst("\"resourceType\": \"Observation\",",
                "\"resourceType\": \"Observation\", \"colour\": \"red\","))).as("an unknown element")
                .isNotEmpty();
    }

    private static byte[] report(String examId, io.restassured.specification.RequestSpecification key) {
        Response response = key.get("/api/v1/exams/" + examId + "/report.dcm");
        response.then().statusCode(200).contentType("application/dicom");
        return response.asByteArray();
    }

    private static String fhirReport(String examId) {
        Response response = Api.asReader().get("/api/v1/exams/" + examId + "/fhir");
        response.then().statusCode(200).contentType(containsString("application/fhir+json"));
        return response.asString();
    }

    private static <T> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance)
                .map(type::cast).toList();
    }
}
