package org.octflow.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.octflow.contracts.v1.ImageEncoding;
import org.octflow.contracts.v1.Laterality;
import org.octflow.contracts.v1.ScanBatch;
import org.octflow.dicom.OctVolumeReader;
import org.octflow.gateway.support.Api;
import org.octflow.gateway.support.ApiKeysForTests;
import org.octflow.gateway.support.DicomFiles;
import org.octflow.gateway.support.LogCapture;
import org.octflow.gateway.support.MultipartBodies;
import org.octflow.gateway.support.MultipartBodies.Answer;
import org.octflow.gateway.support.OctflowStack;
import org.octflow.gateway.support.Rows;
import org.octflow.gateway.support.SyntheticOpt;
import org.octflow.gateway.support.TestWorker;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DICOMweb STOW-RS (PS3.18 10.5): OCT volumes in, one scan per B-scan frame of the exam its study names, answered per
 * instance; what is refused and why; the multipart bodies real clients send; the imaging role; and that the patient's
 * name, id and birth date go nowhere.
 */
@QuarkusTest
@WithTestResource(OctflowStack.class)
class StowTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String OPT_CLASS = SyntheticOpt.OPT_CLASS;
    private static final String BOUNDARY = "octflow-stow-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "octflow.kafka.bootstrap-servers")
    String bootstrapServers;

    @ConfigProperty(name = "octflow.dicomweb.max-body-bytes")
    long maxBodyBytes;

    @Inject
    AgroalDataSource dataSource;

    // --- storing ------------------------------------------------------------------------------------------------

    @Test
    void storesEachFrameOfAnOctVolumeAsOneScanOfItsExamAndEye() throws Exception {
        byte[] volume = DicomFiles.opt("DME-9583225.dcm");
        String study = uidsOf(volume).get("study");
        String instance = uidsOf(volume).get("instance");

        Answer answer = stow("/dicom-web/studies", volume);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers().get("content-type")).anySatisfy(t -> assertThat(t).startsWith(
                "application/dicom+json"));
        JsonNode reply = JSON.readTree(answer.body());
        assertThat(reply.at("/00081199/Value/0/00081150/Value/0").asText()).isEqualTo(OPT_CLASS);
        assertThat(reply.at("/00081199/Value/0/00081155/Value/0").asText()).isEqualTo(instance);
        assertThat(reply.at("/00081198/Value").isMissingNode()).isTrue();

        List<Source> sources = sourcesOf(study);
        assertThat(sources).extracting(Source::frame).containsExactly(1, 2);
        assertThat(sources).allSatisfy(s -> assertThat(s.instance()).isEqualTo(instance));
        // Native 8-bit frames travel as their grey pixels, exam and eye on each scan.
        ScanBatch batch = new TestWorker(bootstrapServers).awaitScanBatch(sources.get(0).batchId(), TIMEOUT);
        assertThat(batch.getScansList()).allSatisfy(scan -> {
            assertThat(scan.getEncoding()).isEqualTo(ImageEncoding.RAW_GREY8);
            assertThat(scan.getWidth()).isEqualTo(768);
            assertThat(scan.getHeight()).isEqualTo(496);
            assertThat(scan.getImage().size()).isEqualTo(768 * 496);
            assertThat(scan.getExamId()).isEqualTo(study);
            assertThat(scan.getLaterality()).isEqualTo(Laterality.RIGHT);
            assertThat(scan.getMetadataMap()).isEmpty();
        });
        JsonPath exam = Api.asReader().get("/api/v1/exams/" + study).then().statusCode(200).extract().jsonPath();
        assertThat(exam.getList("eyes.laterality")).containsExactly("R");
        assertThat(exam.getList("eyes[0].bScans.scanId")).containsExactlyInAnyOrderElementsOf(
                sources.stream().map(Source::scanId).toList());
        // Reviewers see the B-scan as for uploads.
        Api.asReader().get("/api/v1/scans/" + sources.get(0).scanId() + "/preview").then().statusCode(200)
                .contentType("image/jpeg");
    }

    @Test
    void predictionsOfDicomFramesEqualThoseOfTheSameBScansUploadedAsJpeg() throws Exception {
        byte[] jpegVolume = DicomFiles.opt("CNV-6294785-jpeg.dcm");
        byte[] nativeVolume = DicomFiles.opt("CNV-6294785.dcm");
        List<byte[]> jpegs = List.of(DicomFiles.bScan("CNV", "CNV-6294785-1.jpeg"),
                DicomFiles.bScan("CNV", "CNV-6294785-2.jpeg"));
        TestWorker worker = new TestWorker(bootstrapServers);

        // The same two B-scans uploaded as JPEG, in frame order.
        var upload = Api.asSubmitter().contentType("multipart/form-data")
                .multiPart("scan", "a.jpeg", jpegs.get(0), "image/jpeg")
                .multiPart("scan", "b.jpeg", jpegs.get(1), "image/jpeg")
                .post("/api/v1/scans").then().statusCode(202).extract().jsonPath();
        worker.publish(TestWorker.predictFromPixels(worker.awaitScanBatch(upload.getString("batchId"), TIMEOUT)));
        List<String> uploaded = upload.getList("scanIds", String.class);

        Answer answer = stow("/dicom-web/studies", jpegVolume, nativeVolume);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String study = uidsOf(jpegVolume).get("study");
        String jpegInstance = uidsOf(jpegVolume).get("instance");
        List<Source> sources = sourcesOf(study);
        assertThat(sources).hasSize(4);
        for (String batchId : new LinkedHashSet<>(sources.stream().map(Source::batchId).toList())) {
            ScanBatch batch = worker.awaitScanBatch(batchId, TIMEOUT);
            worker.publish(TestWorker.predictFromPixels(batch));
            for (var scan : batch.getScansList()) {
                boolean fromJpegVolume = sources.stream().anyMatch(s -> s.scanId().equals(scan.getScanId())
                        && s.instance().equals(jpegInstance));
                // The device's JPEG goes out unchanged; native frames as their grey pixels.
                assertThat(scan.getEncoding()).isEqualTo(fromJpegVolume ? ImageEncoding.JPEG : ImageEncoding.RAW_GREY8);
                if (fromJpegVolume) {
                    assertThat(jpegs).anySatisfy(j -> assertThat(scan.getImage().toByteArray()).isEqualTo(j));
                }
            }
        }
        Map<String, List<Object>> expected = new LinkedHashMap<>();
        for (int frame = 1; frame <= 2; frame++) {
            expected.put("frame " + frame, probabilities(uploaded.get(frame - 1)));
        }
        for (Source source : sources) {
            assertThat(probabilities(source.scanId())).as("%s frame %d", source.instance(), source.frame())
                    .isEqualTo(expected.get("frame " + source.frame()));
        }
        assertThat(expected.get("frame 1")).isNotEqualTo(expected.get("frame 2"));
    }

    @Test
    void aResentInstanceIsAnsweredAsStoredAndNotStoredTwice() throws Exception {
        byte[] volume = DicomFiles.opt("DME-9721607.dcm");
        assertThat(stow("/dicom-web/studies", volume).status()).isEqualTo(200);
        long scans = Rows.count(dataSource).scans();

        Answer again = stow("/dicom-web/studies", volume);

        assertThat(again.status()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).at("/00081199/Value/0/00081155/Value/0").asText())
                .isEqualTo(uidsOf(volume).get("instance"));
        assertThat(Rows.count(dataSource).scans()).isEqualTo(scans);
        assertThat(sourcesOf(uidsOf(volume).get("study"))).hasSize(2);
    }

    // --- refusals per instance ------------------------------------------------------------------------------------

    @Test
    void refusesPhotographsRawDataAndCorruptFilesPerInstanceAndStoresTheRest() throws Exception {
        byte[] volume = DicomFiles.opt("DRUSEN-9884539.dcm");
        byte[] photograph = DicomFiles.real("anterion-op-jpeg-baseline.dcm");
        byte[] rawData = DicomFiles.real("heyex-raw-data-no-pixels.dcm");
        byte[] corrupt = "this is no DICOM file".repeat(20).getBytes(StandardCharsets.US_ASCII);

        Answer answer = stow("/dicom-web/studies", volume, photograph, rawData, corrupt);

        assertThat(answer.status()).as("some stored, some not").isEqualTo(202);
        JsonNode reply = JSON.readTree(answer.body());
        assertThat(reply.at("/00081199/Value")).hasSize(1);
        assertThat(reply.at("/00081199/Value/0/00081155/Value/0").asText()).isEqualTo(uidsOf(volume).get("instance"));
        JsonNode failed = reply.at("/00081198/Value");
        assertThat(failed).hasSize(3);
        assertThat(failed.get(0).at("/00081197/Value/0").asInt()).as("photograph: SOP class").isEqualTo(0x0122);
        assertThat(failed.get(1).at("/00081197/Value/0").asInt()).as("raw data: SOP class").isEqualTo(0x0122);
        assertThat(failed.get(2).at("/00081197/Value/0").asInt()).as("corrupt: cannot understand").isEqualTo(0xC000);
        assertThat(failed.get(0).at("/00081150/Value/0").asText()).isEmpty(); // refused on reading: not known
        assertThat(String.join("\n", answer.headers().get("warning")))
                .contains("part 2: 0122 not an OCT B-scan: Ophthalmic Photography 8 Bit Image")
                .contains("part 3: 0122 not an OCT B-scan: Raw Data")
                .contains("part 4: C000 not a DICOM Part 10 file");
        assertThat(sourcesOf(uidsOf(volume).get("study"))).hasSize(2);
    }

    @Test
    void noInstanceStoredIs409() throws Exception {
        Answer answer = stow("/dicom-web/studies", DicomFiles.real("spectralis-op-jpeg-lossless.dcm"),
                DicomFiles.real("enhanced-sr.dcm"));

        assertThat(answer.status()).isEqualTo(409);
        JsonNode reply = JSON.readTree(answer.body());
        assertThat(reply.at("/00081198/Value")).hasSize(2);
        assertThat(reply.at("/00081199/Value").isMissingNode()).isTrue();
    }

    @Test
    void anInstanceOfAnotherStudyThanThePathsIsRefusedAsNotMatching() throws Exception {
        byte[] volume = DicomFiles.opt("DRUSEN-9894035.dcm");
        Map<String, String> uids = uidsOf(volume);

        Answer answer = stow("/dicom-web/studies/1.2.826.0.1.3680043.99", volume);

        assertThat(answer.status()).isEqualTo(409);
        JsonNode failed = JSON.readTree(answer.body()).at("/00081198/Value/0");
        assertThat(failed.at("/00081197/Value/0").asInt()).isEqualTo(0xA900);
        assertThat(failed.at("/00081155/Value/0").asText()).isEqualTo(uids.get("instance"));
        assertThat(sourcesOf(uids.get("study"))).isEmpty();

        assertThat(stow("/dicom-web/studies/" + uids.get("study"), volume).status()).isEqualTo(200);
        assertThat(sourcesOf(uids.get("study"))).hasSize(2);
    }

    // --- the multipart bodies clients send --------------------------------------------------------------------

    @Test
    void readsAChunkedBodyWithAnUnquotedBoundaryAsOrthancSendsIt() throws Exception {
        SyntheticOpt volume = synthetic(3, 64, 48);
        Answer answer = MultipartBodies.postChunked(RestAssured.port, "/dicom-web/studies", ApiKeysForTests.IMAGING,
                MultipartBodies.type(BOUNDARY), new ByteArrayInputStream(MultipartBodies.related(BOUNDARY,
                        List.of(volume.bytes()))));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(sourcesOf(volume.studyUid())).extracting(Source::frame).containsExactly(1, 2, 3);
    }

    @Test
    void readsAQuotedBoundaryAPreambleAndTwoInstances() throws Exception {
        SyntheticOpt first = synthetic(1, 32, 32);
        SyntheticOpt second = synthetic(2, 32, 32);
        byte[] body = MultipartBodies.related("a:b=c", List.of(first.bytes(), second.bytes()));
        byte[] withPreamble = concat("a preamble clients may send\r\n".getBytes(StandardCharsets.US_ASCII), body);

        Answer answer = stow("/dicom-web/studies", MultipartBodies.type("\"a:b=c\""), withPreamble);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).at("/00081199/Value")).hasSize(2);
        assertThat(sourcesOf(second.studyUid())).hasSize(2);
    }

    @Test
    void aBodyCutShortBeforeAnythingIsStoredIs400() throws Exception {
        byte[] body = MultipartBodies.related(BOUNDARY, List.of(synthetic(2, 32, 32).bytes()));
        byte[] cut = Arrays.copyOf(body, body.length - 40);

        Answer answer = stow("/dicom-web/studies", MultipartBodies.type(BOUNDARY), cut);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("cut short");
    }

    @Test
    void aBodyWithoutItsBoundaryOrWithNoPartsIs400() {
        byte[] volume = synthetic(1, 16, 16).bytes();
        assertThat(stow("/dicom-web/studies", "multipart/related; type=\"application/dicom\"",
                MultipartBodies.related(BOUNDARY, List.of(volume))).status()).isEqualTo(400);
        assertThat(stow("/dicom-web/studies", MultipartBodies.type("other"),
                MultipartBodies.related(BOUNDARY, List.of(volume))).body()).contains("no boundary line");
        assertThat(stow("/dicom-web/studies", MultipartBodies.type(BOUNDARY),
                ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII)).status()).isEqualTo(400);
    }

    @Test
    void anotherMediaTypeIs415() {
        byte[] body = MultipartBodies.related(BOUNDARY, List.of(synthetic(1, 16, 16).bytes()));
        assertThat(stow("/dicom-web/studies", "application/dicom", body).status()).isEqualTo(415);
        assertThat(stow("/dicom-web/studies", "multipart/form-data; boundary=" + BOUNDARY, body).status())
                .isEqualTo(415);
        assertThat(stow("/dicom-web/studies/1.2.3", "multipart/related; type=\"application/dicom+json\"; boundary="
                + BOUNDARY, body).status()).isEqualTo(415);
    }

    @Test
    void aBodyOverTheCapIs413SaidAtOnceOrAsItArrives() {
        String declared = MultipartBodies.statusLineForDeclaredLength(RestAssured.port, "/dicom-web/studies",
                ApiKeysForTests.IMAGING, MultipartBodies.type(BOUNDARY), maxBodyBytes + 1);
        assertThat(declared).startsWith("HTTP/1.1 413").contains("octflow.dicomweb.max-body-bytes");

        // Chunked: counted as it arrives, refused once past the cap.
        InputStream endless = new SequenceInputStream(new ByteArrayInputStream(("--" + BOUNDARY
                + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                new InputStream() {
                    private long left = maxBodyBytes + (1 << 20);

                    @Override
                    public int read() {
                        return left-- > 0 ? 'x' : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        Arrays.fill(b, off, off + n, (byte) 'x');
                        left -= n;
                        return n;
                    }
                });
        Answer chunked = MultipartBodies.postChunked(RestAssured.port, "/dicom-web/studies", ApiKeysForTests.IMAGING,
                MultipartBodies.type(BOUNDARY), endless);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).contains(Long.toString(maxBodyBytes));
    }

    /** 128 B-scans of 1024x496 (62 MB), streamed: each frame is one Kafka record (two would not fit in 1 MB). */
    @Test
    void storesAHundredAndTwentyEightFrameVolumeStreamedThrough() throws Exception {
        SyntheticOpt volume = synthetic(128, 1024, 496);
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII)),
                volume.stream(),
                new ByteArrayInputStream(("\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII)))));

        Answer answer = MultipartBodies.postChunked(RestAssured.port, "/dicom-web/studies", ApiKeysForTests.IMAGING,
                MultipartBodies.type(BOUNDARY), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<Source> sources = sourcesOf(volume.studyUid());
        assertThat(sources).hasSize(128);
        assertThat(sources.stream().map(Source::batchId).distinct().count()).isEqualTo(128);
        ScanBatch last = new TestWorker(bootstrapServers).awaitScanBatch(sources.get(127).batchId(), TIMEOUT);
        byte[] pixels = last.getScans(0).getImage().toByteArray();
        assertThat(pixels).hasSize(1024 * 496);
        assertThat(pixels[1023 + 495 * 1024] & 0xFF).isEqualTo(SyntheticOpt.pixel(128, 1023, 495));
    }

    // --- who may store ----------------------------------------------------------------------------------------

    @Test
    void onlyImagingKeysStoreAndImagingKeysDoNothingElse() {
        byte[] body = MultipartBodies.related(BOUNDARY, List.of(synthetic(1, 16, 16).bytes()));
        String type = MultipartBodies.type(BOUNDARY);
        for (String other : List.of(ApiKeysForTests.SUBMITTER, ApiKeysForTests.READER, ApiKeysForTests.REVIEWER)) {
            Answer refused = MultipartBodies.post(RestAssured.port, "/dicom-web/studies", other, type, body);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("needs a key with the imaging role");
        }
        assertThat(MultipartBodies.post(RestAssured.port, "/dicom-web/studies", null, type, body).status())
                .isEqualTo(401);

        var imaging = io.restassured.RestAssured.given().header(ApiKeysForTests.HEADER, ApiKeysForTests.IMAGING);
        imaging.get("/api/v1/predictions").then().statusCode(403);
        io.restassured.RestAssured.given().header(ApiKeysForTests.HEADER, ApiKeysForTests.IMAGING)
                .contentType("application/json").body("{\"scans\":[]}").post("/api/v1/scans").then().statusCode(403);
        io.restassured.RestAssured.given().header(ApiKeysForTests.HEADER, ApiKeysForTests.IMAGING)
                .contentType("application/json").body("{\"label\":\"CNV\"}").post("/api/v1/scans/x/reviews")
                .then().statusCode(403);
        io.restassured.RestAssured.given().header(ApiKeysForTests.HEADER, ApiKeysForTests.IMAGING)
                .get("/api/v1/scans/x/preview").then().statusCode(403);
    }

    // --- patient data -------------------------------------------------------------------------------------------

    @Test
    void patientNameIdAndBirthDateAreNeverLoggedAnsweredOrStored() throws Exception {
        String tag = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()), 36).toUpperCase();
        SyntheticOpt volume = new SyntheticOpt(uid(), uid(), "Privat^Patienta" + tag, "PID-" + tag, "18870614",
                "L", 2, 64, 48);
        byte[] file = volume.bytes();
        List<String> secrets = List.of(volume.patientName(), "Privat", "PID-" + tag, volume.birthDate());
        List<Answer> answers = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            answers.add(stow("/dicom-web/studies/1.2.3.4", file));                          // wrong study
            answers.add(stow("/dicom-web/studies", Arrays.copyOf(file, file.length - 100))); // truncated
            answers.add(stow("/dicom-web/studies", file));                                  // stored
            assertThat(answers).extracting(Answer::status).containsExactly(409, 409, 200);
            List<String> bScans = sourcesOf(volume.studyUid()).stream().map(Source::scanId).toList();
            TestWorker worker = new TestWorker(bootstrapServers);
            worker.publish(TestWorker.predictFromPixels(worker.awaitScanBatch(
                    sourcesOf(volume.studyUid()).get(0).batchId(), TIMEOUT)));
            await().atMost(TIMEOUT).until(() -> bScans.stream().allMatch(id -> !"PENDING".equals(
                    Api.asReader().get("/api/v1/scans/" + id).jsonPath().getString("status"))));
            answers.add(new Answer(200, Map.of(), Api.asReader().get("/api/v1/exams/" + volume.studyUid()).asString()));
            for (String secret : secrets) {
                assertThat(logs.lines()).as("log lines").noneMatch(line -> line.contains(secret));
                for (Answer answer : answers) {
                    assertThat(answer.body()).doesNotContain(secret);
                    assertThat(answer.headers().toString()).doesNotContain(secret);
                }
            }
        }
        // Stored: UIDs, frame numbers, pixels only. Every row of every table, and every outbox payload, as it is now.
        for (String secret : secrets) {
            assertThat(rowsMentioning(secret)).as(secret).isEmpty();
        }
        assertThat(sourcesOf(volume.studyUid())).hasSize(2);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private record Source(String scanId, String instance, int frame, String batchId) {
    }

    private Answer stow(String path, byte[]... files) {
        return stow(path, MultipartBodies.type(BOUNDARY), MultipartBodies.related(BOUNDARY, List.of(files)));
    }

    private static Answer stow(String path, String type, byte[] body) {
        return MultipartBodies.post(RestAssured.port, path, ApiKeysForTests.IMAGING, type, body);
    }

    /** The scans of a study as the database keeps their sources, in instance and frame order. */
    private List<Source> sourcesOf(String study) throws Exception {
        List<Source> sources = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); var statement = c.prepareStatement("SELECT d.scan_id,"
                + " d.sop_instance_uid, d.frame_number, s.batch_id FROM scan_dicom_source d JOIN scan s ON s.id ="
                + " d.scan_id WHERE d.study_instance_uid = ? ORDER BY d.sop_instance_uid, d.frame_number")) {
            statement.setString(1, study);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sources.add(new Source(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return sources;
    }

    /** Tables (and outbox payloads) holding {@code text} anywhere: rows cast to text, payloads searched as bytes. */
    private List<String> rowsMentioning(String text) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (var statement = c.prepareStatement("SELECT count(*) FROM \"" + table + "\" t WHERE"
                        + " strpos(t::text, ?) > 0")) {
                    statement.setString(1, text);
                    try (ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.add(table);
                        }
                    }
                }
            }
            assertThat(tables).contains("outbox", "scan", "scan_dicom_source");
            try (var statement = c.prepareStatement("SELECT count(*) FROM outbox WHERE payload IS NOT NULL AND"
                    + " position(convert_to(?, 'UTF8') IN payload) > 0")) {
                statement.setString(1, text);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        found.add("outbox.payload");
                    }
                }
            }
        }
        return found;
    }

    private static List<Object> probabilities(String scanId) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(
                () -> Api.asReader().get("/api/v1/scans/" + scanId).then().statusCode(200).extract().jsonPath()
                        .getList("prediction.probabilities"), list -> list != null && !list.isEmpty());
    }

    private static Map<String, String> uidsOf(byte[] file) throws Exception {
        var origin = new OctVolumeReader().open(new ByteArrayInputStream(file)).origin(1);
        return Map.of("study", origin.studyInstanceUid(), "instance", origin.sopInstanceUid());
    }

    private static SyntheticOpt synthetic(int frames, int columns, int rows) {
        return new SyntheticOpt(uid(), uid(), "Test^Synthetic", "SYN-1", "20000101", "R", frames, columns, rows);
    }

    private static String uid() {
        return "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
