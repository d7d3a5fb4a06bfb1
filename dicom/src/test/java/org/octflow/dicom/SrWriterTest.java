package org.octflow.dicom;

import org.octflow.testkit.DicomTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exam report as a Comprehensive SR: read back by this module, valid for dciodvfy, readable by dsrdump. */
class SrWriterTest {

    private static final String OPT = SopClass.OPHTHALMIC_TOMOGRAPHY_IMAGE.uid();
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.10";
    private static final String SERIES = "1.2.826.0.1.3680043.8.498.11";
    private static final String RIGHT_VOLUME = "1.2.826.0.1.3680043.8.498.12";
    private static final String LEFT_VOLUME = "1.2.826.0.1.3680043.8.498.13";
    private static final String SHA256 = "3f7a".repeat(16);
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 5, 23, 30, 0, 0, ZoneOffset.UTC);
    // Values distinctive enough to count in the file's bytes.
    private static final ReportedStudy STUDY_OF_MUELLER = new ReportedStudy(STUDY, "PID-7731924", "Müller^Anna",
            "19580214", "F", "ACC-5517302", "20261205", "091500", "STU-4402", "Wexler^Rita");

    @TempDir
    Path dir;

    /** Right eye CNV sent to review, left eye NORMAL accepted; verified by a reviewer when {@code verified}. */
    static ExamReport sampleExam(boolean verified) {
        ScanOrigin right = new ScanOrigin(STUDY, SERIES, RIGHT_VOLUME, OPT, 37, "R");
        ScanOrigin left = new ScanOrigin(STUDY, SERIES, LEFT_VOLUME, OPT, 12, "L");
        return new ExamReport(ReportInstance.first(NOW), STUDY_OF_MUELLER,
                List.of(SourceInstance.of(right), SourceInstance.of(left)),
                List.of(new EyeFinding(Laterality.RIGHT, RetinalFinding.CNV, 0.9312, ReviewDecision.REVIEW, right),
                        new EyeFinding(Laterality.LEFT, RetinalFinding.NORMAL, 0.987, ReviewDecision.AUTO_ACCEPTED,
                                left)),
                new AlgorithmIdentity("octflow-cnn", "2026.12.1", SHA256),
                verified ? Optional.of(new Verification("Okafor^Grace", "Eye Clinic North",
                        NOW.plusMinutes(20))) : Optional.empty());
    }

    @ParameterizedTest
    @EnumSource(DataSetBuilder.SequenceLength.class)
    void isReadBackByTheModulesOwnReaderWithSequencesOfEitherLength(DataSetBuilder.SequenceLength lengths)
            throws Exception {
        ExamReport report = sampleExam(true);
        DicomInstance sr = new DicomReader().read(new ByteArrayInputStream(new SrWriter(lengths).write(report)));

        assertThat(sr.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(sr.fileMeta().string(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID))
                .contains(report.instance().sopInstanceUid());
        Attributes a = sr.attributes();
        assertThat(sr.sopClassUid()).isEqualTo("1.2.840.10008.5.1.4.1.1.88.33");
        assertThat(a.string(Tag.SOP_INSTANCE_UID)).contains(report.instance().sopInstanceUid());
        assertThat(a.string(Tag.SERIES_INSTANCE_UID)).contains(report.instance().seriesInstanceUid());
        assertThat(a.string(Tag.MODALITY)).contains("SR");
        assertThat(ReportedStudy.of(a)).as("patient and study, UTF-8 name included").isEqualTo(STUDY_OF_MUELLER);
        assertThat(a.string(SrTags.VERIFICATION_FLAG)).contains("VERIFIED");
        assertThat(a.sequence(SrTags.VERIFYING_OBSERVER_SEQUENCE)).singleElement().satisfies(observer -> {
            assertThat(observer.string(SrTags.VERIFYING_OBSERVER_NAME)).contains("Okafor^Grace");
            assertThat(observer.string(SrTags.VERIFYING_ORGANIZATION)).contains("Eye Clinic North");
            assertThat(observer.string(SrTags.VERIFICATION_DATE_TIME)).contains("20261205235000+0000");
        });
        assertThat(a.sequence(SrTags.CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE)).singleElement()
                .satisfies(study -> {
                    assertThat(study.string(Tag.STUDY_INSTANCE_UID)).contains(STUDY);
                    assertThat(study.sequence(SrTags.REFERENCED_SERIES_SEQUENCE)).singleElement()
                            .satisfies(series -> assertThat(series.sequence(SrTags.REFERENCED_SOP_SEQUENCE))
                                    .extracting(i -> i.string(SrTags.REFERENCED_SOP_INSTANCE_UID).orElseThrow())
                                    .containsExactly(RIGHT_VOLUME, LEFT_VOLUME));
                });

        assertThat(conceptName(a)).isEqualTo("126000");
        List<Attributes> groups = child(a, "126010").sequence(SrTags.CONTENT_SEQUENCE);
        assertThat(groups).hasSize(2);
        Attributes right = groups.get(0);
        assertThat(codeValue(child(right, "121071"))).isEqualTo("75971007");
        assertThat(codeValue(child(child(right, "363698007"), "272741003"))).isEqualTo("24028007");
        assertThat(child(right, "111003").string(SrTags.TEXT_VALUE)).contains("2026.12.1");
        assertThat(child(right, "111002").string(SrTags.TEXT_VALUE)).contains("sha256=" + SHA256);
        Attributes probability = child(right, "PROBABILITY");
        assertThat(probability.sequence(SrTags.MEASURED_VALUE_SEQUENCE).get(0).decimal(SrTags.NUMERIC_VALUE))
                .hasValue(0.9312);
        Attributes source = child(probability, "121112").sequence(SrTags.REFERENCED_SOP_SEQUENCE).get(0);
        assertThat(source.string(SrTags.REFERENCED_SOP_INSTANCE_UID)).contains(RIGHT_VOLUME);
        assertThat(source.integer(SrTags.REFERENCED_FRAME_NUMBER)).hasValue(37);
        assertThat(codeValue(child(right, "DECISION"))).isEqualTo("REVIEW");
        assertThat(codeValue(child(groups.get(1), "121071"))).isEqualTo("17621005");
        assertThat(codeValue(child(child(groups.get(1), "363698007"), "272741003"))).isEqualTo("7771000");
    }

    @Test
    void isUnverifiedAndPreliminaryWithoutAVerifyingObserverUntilReviewed() throws Exception {
        Attributes a = new DicomReader().read(new ByteArrayInputStream(new SrWriter().write(sampleExam(false))))
                .attributes();
        assertThat(a.string(SrTags.VERIFICATION_FLAG)).contains("UNVERIFIED");
        assertThat(a.string(SrTags.PRELIMINARY_FLAG)).contains("PRELIMINARY");
        assertThat(a.contains(SrTags.VERIFYING_OBSERVER_SEQUENCE)).isFalse();
    }

    @Test
    void aReportOfScansThatCameAsJpegReferencesNoImageAndPassesDciodvfy() throws Exception {
        ReportedStudy anonymous = new ReportedStudy(STUDY, "", "", "", "", "", "", "", "", "");
        ExamReport report = new ExamReport(ReportInstance.first(NOW), anonymous, List.of(),
                List.of(new EyeFinding(Laterality.RIGHT, RetinalFinding.DRUSEN, 0.71, ReviewDecision.AUTO_ACCEPTED,
                        Optional.empty())),
                new AlgorithmIdentity("octflow-cnn", "2026.12.1", SHA256), Optional.empty());
        byte[] dcm = new SrWriter().write(report);

        Attributes a = new DicomReader().read(new ByteArrayInputStream(dcm)).attributes();
        assertThat(a.contains(SrTags.CURRENT_REQUESTED_PROCEDURE_EVIDENCE_SEQUENCE)).isFalse();
        assertThat(new String(dcm, StandardCharsets.ISO_8859_1)).doesNotContain(OPT);
        Path file = dir.resolve("no-sources.dcm");
        Files.write(file, dcm);
        Path dciodvfy = DicomTools.require("dciodvfy", "dicom3tools");
        List<String> output = DicomTools.run(dciodvfy, file);
        output.stream().filter(line -> line.startsWith("Error") || line.startsWith("Warning"))
                .forEach(line -> System.out.println("dciodvfy (no sources): " + line));
        assertThat(output).contains("ComprehensiveSR").noneMatch(line -> line.startsWith("Error"));
    }

    @Test
    void aRevisedReportIsANewInstanceInTheSameSeries() {
        ReportInstance first = ReportInstance.first(NOW);
        ReportInstance next = first.next(NOW.plusHours(1));
        assertThat(next.seriesInstanceUid()).isEqualTo(first.seriesInstanceUid());
        assertThat(next.sopInstanceUid()).isNotEqualTo(first.sopInstanceUid()).startsWith("2.25.");
        assertThat(next.instanceNumber()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DataSetBuilder.SequenceLength.class)
    void passesDciodvfyWithoutErrorsVerifiedOrNot(DataSetBuilder.SequenceLength lengths) throws Exception {
        Path dciodvfy = DicomTools.require("dciodvfy", "dicom3tools");
        for (boolean verified : new boolean[] {true, false}) {
            Path file = dir.resolve("report-" + lengths + "-" + verified + ".dcm");
            Files.write(file, new SrWriter(lengths).write(sampleExam(verified)));
            List<String> output = DicomTools.run(dciodvfy, file);
            output.stream().filter(line -> line.startsWith("Warning"))
                    .forEach(line -> System.out.println("dciodvfy (" + lengths + ", verified " + verified + "): "
                            + line));
            assertThat(output).as("dciodvfy on the %s report", verified ? "verified" : "unverified")
                    .contains("ComprehensiveSR") // it recognised the IOD, so it checked its modules
                    .noneMatch(line -> line.startsWith("Error"));
        }
    }

    @Test
    void reportsOnARealOctVolumeWithItsStudyCopiedAndPassesDciodvfy() throws Exception {
        Path volumeFile = DicomFixtures.opt("CNV-6294785.dcm");
        ReportedStudy study;
        ScanOrigin scan;
        try (var in = Files.newInputStream(volumeFile)) {
            OctVolume volume = new OctVolumeReader().open(in);
            study = ReportedStudy.of(volume.attributes());
            scan = volume.origin(1);
        }
        Laterality eye = scan.laterality().isEmpty() ? Laterality.RIGHT : Laterality.of(scan.laterality());
        ExamReport report = new ExamReport(ReportInstance.first(NOW), study, List.of(SourceInstance.of(scan)),
                List.of(new EyeFinding(eye, RetinalFinding.CNV, 0.8, ReviewDecision.AUTO_ACCEPTED, scan)),
                new AlgorithmIdentity("octflow-cnn", "2026.12.1", SHA256), Optional.empty());
        Path file = dir.resolve("real.dcm");
        Files.write(file, new SrWriter().write(report));

        try (var in = Files.newInputStream(file)) {
            assertThat(ReportedStudy.of(new DicomReader().read(in).attributes())).isEqualTo(study);
        }
        Path dciodvfy = DicomTools.require("dciodvfy", "dicom3tools");
        assertThat(DicomTools.run(dciodvfy, file)).contains("ComprehensiveSR").noneMatch(l -> l.startsWith("Error"));
    }

    @Test
    void dsrdumpShowsTheFindingsPerEyeAndTheModelVersion() throws Exception {
        Path dsrdump = DicomTools.require("dsrdump", "dcmtk");
        Path file = dir.resolve("report.dcm");
        Files.write(file, new SrWriter().write(sampleExam(true)));
        String dump = String.join("\n", DicomTools.run(dsrdump, file));
        assertThat(dump).contains("Comprehensive SR Document", "Completion Flag", "VERIFIED",
                "Imaging Measurement Report", "Choroidal retinal neovascularization", "Normal", "Right", "Left",
                "Algorithm Version", "2026.12.1", "octflow-cnn", "0.9312", "Referred for review")
                .doesNotContain("Error");
    }

    @Test
    void writesPatientIdentifiersInTheirOwnAttributesAndNowhereElse() {
        String file = new String(new SrWriter().write(sampleExam(true)), StandardCharsets.UTF_8);
        for (String identifier : List.of("PID-7731924", "Müller^Anna", "19580214", "ACC-5517302", "STU-4402",
                "Wexler^Rita")) {
            assertThat(occurrences(file, identifier)).as(identifier).isEqualTo(1);
        }
        assertThat(occurrences(file, "Müller")).isEqualTo(1);
        assertThat(sampleExam(true).study().toString()).doesNotContain("PID-7731924", "Müller");
    }

    @Test
    void refusesBadInputNamingTheFieldAndNeverTheValue() {
        assertThatThrownBy(() -> new ReportedStudy(STUDY, "P".repeat(65) + "SECRET", "", "", "", "", "", "", "", ""))
                .hasMessageContaining("patientId").hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> new ReportedStudy(STUDY, "", "Doe^Jane", "1958-02-14", "", "", "", "", "", ""))
                .hasMessageContaining("patientBirthDate").hasMessageNotContaining("1958");
        assertThatThrownBy(() -> new ReportedStudy(STUDY, "", "Doe\\Jane", "", "", "", "", "", "", ""))
                .hasMessageContaining("patientName").hasMessageNotContaining("Doe");
        assertThatThrownBy(() -> new ReportedStudy(STUDY, "", "", "", "X", "", "", "", "", ""))
                .hasMessageContaining("patientSex");
        assertThatThrownBy(() -> new ReportedStudy("1.2.03", "", "", "", "", "", "", "", "", ""))
                .hasMessageContaining("studyInstanceUid");
        ScanOrigin right = new ScanOrigin(STUDY, SERIES, RIGHT_VOLUME, OPT, 1, "R");
        assertThatThrownBy(() -> new EyeFinding(Laterality.RIGHT, RetinalFinding.CNV, 1.5, ReviewDecision.REVIEW,
                right)).hasMessageContaining("probability");
        assertThatThrownBy(() -> new EyeFinding(Laterality.LEFT, RetinalFinding.CNV, 0.5, ReviewDecision.REVIEW,
                right)).hasMessageContaining("laterality");
        assertThatThrownBy(() -> new AlgorithmIdentity("m", "1", "not-a-hash")).hasMessageContaining("sha256");
        assertThatThrownBy(() -> new Verification("Okafor^Grace\nSECRET", "Clinic", NOW))
                .hasMessageContaining("verifierName").hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> RetinalFinding.ofLabel("glaucoma")).hasMessageContaining("class label");
        ExamReport valid = sampleExam(false);
        assertThatThrownBy(() -> new ExamReport(valid.instance(), valid.study(), valid.sources().subList(0, 1),
                valid.eyes(), valid.algorithm(), Optional.empty()))
                .hasMessageContaining("decidingScan sopInstanceUid is not among the report's sources");
    }

    private static int occurrences(String text, String value) {
        int count = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
            count++;
        }
        return count;
    }

    private static String conceptName(Attributes item) {
        return item.sequence(SrTags.CONCEPT_NAME_CODE_SEQUENCE).get(0).string(SrTags.CODE_VALUE).orElseThrow();
    }

    private static String codeValue(Attributes item) {
        return item.sequence(SrTags.CONCEPT_CODE_SEQUENCE).get(0).string(SrTags.CODE_VALUE).orElseThrow();
    }

    /** The first child content item with the given concept name code value. */
    private static Attributes child(Attributes item, String conceptCode) {
        return item.sequence(SrTags.CONTENT_SEQUENCE).stream()
                .filter(c -> !c.sequence(SrTags.CONCEPT_NAME_CODE_SEQUENCE).isEmpty() && conceptName(c).equals(conceptCode))
                .findFirst().orElseThrow(() -> new AssertionError("no content item " + conceptCode));
    }
}
