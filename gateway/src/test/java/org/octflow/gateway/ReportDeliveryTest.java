package org.octflow.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dicom.DicomReader;
import org.octflow.dicom.Tag;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.DicomSources;
import org.octflow.gateway.support.DicomValidators;
import org.octflow.gateway.support.Exams;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.OrthancReceiver;
import org.octflow.gateway.support.ReportsToOrthanc;
import org.octflow.gateway.support.Rows;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With {@code octflow.reports.stow-url} set, each exam's SR is stored on the DICOMweb server (a real Orthanc) when the
 * exam gets its result and again after a review, also when the server was away at that moment.
 */
@QuarkusTest
@TestProfile(ReportsToOrthanc.class)
@WithTestResource(OctflowStack.class)
@WithTestResource(OrthancReceiver.class)
class ReportDeliveryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;
    OrthancReceiver.DicomWebServer pacs;
    @TempDir
    Path dir;

    @Test
    void theSrReachesThePacsWithItsResultAndAgainAfterAReviewMadeWhileThePacsWasAway() throws Exception {
        assumeTrue(pacs.installed(), "skipped: Orthanc with its DICOMweb plugin is not installed (apt-get install"
                + " orthanc orthanc-dicomweb)");
        String study = "1.2.826.0.1.3680043.8.498." + Math.abs(UUID.randomUUID().getMostSignificantBits());
        List<String> scans = Exams.submit(study, List.of("L"));
        DicomSources.record(dataSource, scans.get(0), study, study + ".1", study + ".1.1", 5);
        Exams.answer(bootstrapServers, scans, List.of("CNV"));

        String first = sopInstanceUid(Api.asReader().get("/api/v1/exams/" + study + "/report.dcm").asByteArray());
        byte[] stored = await().atMost(TIMEOUT).until(() -> pacs.instance(first), Optional::isPresent).orElseThrow();
        Path firstFile = Files.write(dir.resolve("first.dcm"), stored);
        assertThat(DicomValidators.dsrdump(firstFile)).contains("UNVERIFIED", "Choroidal retinal neovascularization");

        pacs.stop().run();
        Api.asReviewer().contentType("application/json").body(Map.of("label", "DME", "reviewer", "Okafor^Grace"))
                .post("/api/v1/scans/" + scans.get(0) + "/reviews").then().statusCode(201);
        String second = sopInstanceUid(Api.asReader().get("/api/v1/exams/" + study + "/report.dcm").asByteArray());
        assertThat(second).isNotEqualTo(first);
        await().atMost(TIMEOUT).until(() -> Rows.count(dataSource,
                "SELECT attempts FROM report_delivery WHERE exam_id = ?", study) >= 2);
        pacs.start().run();

        byte[] verified = await().atMost(TIMEOUT).until(() -> pacs.instance(second), Optional::isPresent)
                .orElseThrow();
        assertThat(DicomValidators.dsrdump(Files.write(dir.resolve("second.dcm"), verified)))
                .contains("VERIFIED", "Okafor", "Diabetic macular edema");
        await().atMost(TIMEOUT).until(() -> Rows.count(dataSource, "SELECT count(*) FROM report_delivery WHERE"
                + " exam_id = ? AND due_at IS NULL AND attempts = 0 AND sent_uid = ?", study, second) == 1);
    }

    private static String sopInstanceUid(byte[] dcm) throws Exception {
        return new DicomReader().read(new ByteArrayInputStream(dcm)).attributes().string(Tag.SOP_INSTANCE_UID)
                .orElseThrow();
    }
}
