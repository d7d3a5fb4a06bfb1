package org.octflow.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.testkit.ChildProcesses;
import org.octflow.testkit.FreePorts;
import org.octflow.testkit.JavaProcess;
import org.octflow.testkit.LocalOrthanc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * OCT volumes from a device, through the hospital's DICOM node, into OCTFlow, as real processes: {@code ./octflow up
 * --dicom} (Kafka, PostgreSQL, the gateway, a worker with the shipped model, and Debian's Orthanc running the deployed
 * {@code forward.lua}); dcmtk's {@code storescu} sends the OPT volumes of {@code ../shared/data/dicom/opt} by C-STORE
 * as a device would; Orthanc forwards each stable series to the gateway by STOW-RS. Every frame is predicted once,
 * every exam and eye gets a result, the edge keeps no OCT series it delivered, and each exam's DICOM SR comes back to it.
 */
class DicomEdgeIT {
    private static final Path OPT = Launcher.HOME.resolve("../shared/data/dicom/opt").normalize();
    private static final String READER_KEY = "local-dev-reader-key";
    private static final Pattern EDGE_REST = Pattern.compile("Orthanc's REST API: (http://\\S+/)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void volumesStoredToTheEdgeArePredictedOnceFrameByFrameAndEveryExamsReportComesBack() throws Exception {
        assumeTrue(Files.isDirectory(OPT), "skipped: no " + OPT + " (real B-scan volumes; see ../shared/data)");
        assumeTrue(LocalOrthanc.unavailable().isEmpty(), () -> "skipped: " + LocalOrthanc.unavailable().get());
        assumeTrue(onPath("storescu") && onPath("dcmdump"), "skipped: dcmtk is not installed (apt-get install dcmtk)");
        List<Path> volumes = volumes();
        int gatewayPort = FreePorts.next();
        Path state = dir.resolve("state");
        Path log = dir.resolve("up.log");
        Process up = startUp(log, "--state", state.toString(), "--dicom",
                "--dicom-port", Integer.toString(FreePorts.next()),
                "--kafka-port", Integer.toString(FreePorts.next()),
                "--postgres-port", Integer.toString(FreePorts.next()),
                "--gateway-port", Integer.toString(gatewayPort),
                "--worker-port", Integer.toString(FreePorts.next()));
        try {
            String started = awaitLine(up, log, "DICOM edge (AE", Duration.ofMinutes(4));
            int dicomPort = Integer.parseInt(started.replaceAll(".* 127\\.0\\.0\\.1 (\\d+) .*", "$1"));
            Matcher rest = EDGE_REST.matcher(Files.readString(log));
            assertThat(rest.find()).as("up prints the edge's REST API").isTrue();

            List<String> command = new ArrayList<>(List.of("storescu", "-xy", "-aec", LocalOrthanc.AE_TITLE,
                    "127.0.0.1", Integer.toString(dicomPort)));
            volumes.forEach(v -> command.add(v.toString()));
            Process store = new ProcessBuilder(command).redirectErrorStream(true).start();
            String storeOutput = new String(store.getInputStream().readAllBytes());
            assertThat(store.waitFor()).as("storescu: %s", storeOutput).isZero();

            Map<String, String> truthByExam = truthByStudy(volumes);
            String gateway = "http://127.0.0.1:" + gatewayPort;
            Map<String, JsonNode> exams = awaitExams(gateway, truthByExam.keySet(), Duration.ofMinutes(3));

            int frames = 0;
            int framesRight = 0;
            int examsDone = 0;
            int examsRight = 0;
            for (var exam : exams.entrySet()) {
                String truth = truthByExam.get(exam.getKey());
                JsonNode predictions = get(gateway + "/api/v1/predictions?size=100&examId=" + exam.getKey());
                List<String> scanIds = new ArrayList<>();
                predictions.get("items").forEach(p -> scanIds.add(p.get("scanId").asText()));
                assertThat(scanIds).as("exam %s: each frame predicted once", exam.getKey()).doesNotHaveDuplicates();
                if (scanIds.size() == 4) {
                    // The study's native and JPEG volumes hold the same two B-scans: the same model input.
                    Set<String> distinct = new HashSet<>();
                    predictions.get("items").forEach(p -> distinct.add(p.get("probabilities").toString()));
                    assertThat(distinct).as("exam %s: a JPEG frame and its native twin, same probabilities",
                            exam.getKey()).hasSize(2);
                }
                for (JsonNode eye : exam.getValue().get("eyes")) {
                    for (JsonNode bScan : eye.get("bScans")) {
                        frames++;
                        framesRight += truth.equals(bScan.path("modelLabel").asText()) ? 1 : 0;
                    }
                    JsonNode result = eye.get("result");
                    assertThat(result.get("status").asText()).as("exam %s", exam.getKey()).isIn("DONE", "REVIEW");
                    if ("DONE".equals(result.get("status").asText())) {
                        examsDone++;
                        examsRight += truth.equals(result.get("label").asText()) ? 1 : 0;
                    }
                }
                assertThat(scanIds).hasSize(framesOf(exam.getValue()));
            }
            assertThat(frames).as("every frame of every volume").isEqualTo(expectedFrames(volumes));
            System.out.printf("DICOM edge: %d volumes, %d frames, %d exams; frames right %d/%d; exams DONE %d"
                    + " (right %d), sent to review %d%n", volumes.size(), frames, exams.size(), framesRight, frames,
                    examsDone, examsRight, exams.size() - examsDone);

            // Back at the edge: no OCT series (delivered, then deleted), and one SR per exam whose eyes are all
            // decided, which dcmtk reads with its findings.
            int reportable = (int) exams.values().stream().filter(DicomEdgeIT::everyEyeDone).count();
            Map<String, List<String>> modalities = awaitEdge(rest.group(1), reportable, Duration.ofSeconds(60));
            assertThat(modalities.getOrDefault("OPT", List.of())).as("the edge keeps no OCT series it delivered")
                    .isEmpty();
            assertThat(modalities.getOrDefault("SR", List.of())).as("one SR per exam with a result").hasSize(reportable);
            if (reportable > 0) {
                String sr = srDump(rest.group(1), modalities.get("SR").get(0));
                assertThat(sr).contains("Comprehensive SR", "Finding").containsAnyOf("Choroidal retinal neovascularization",
                        "Diabetic macular edema", "Retinal drusen", "Normal");
                System.out.println("an exam's SR as it arrived at the edge (dsrdump):\n" + sr);
            }
        } finally {
            ChildProcesses.stop(up, Duration.ofSeconds(60));
            System.out.println(Launcher.logTails(state, 15));
        }
    }

    private static List<Path> volumes() throws Exception {
        try (Stream<Path> files = Files.list(OPT)) {
            return files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** The label of each volume's study: its file name's class (the OCT2017 folder its B-scans came from). */
    private static Map<String, String> truthByStudy(List<Path> volumes) throws Exception {
        Map<String, String> truth = new LinkedHashMap<>();
        for (Path volume : volumes) {
            truth.put(dump(volume, "0020,000d"), volume.getFileName().toString().split("-")[0]);
        }
        return truth;
    }

    private static int expectedFrames(List<Path> volumes) throws Exception {
        int frames = 0;
        for (Path volume : volumes) {
            frames += Integer.parseInt(dump(volume, "0028,0008").trim());
        }
        return frames;
    }

    /** One attribute's value, as dcmdump prints it. */
    private static String dump(Path file, String tag) throws Exception {
        Process process = new ProcessBuilder("dcmdump", "+P", tag, file.toString()).redirectErrorStream(true).start();
        String line = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher value = Pattern.compile("\\[([^]]*)]").matcher(line);
        assertThat(value.find()).as("%s in %s: %s", tag, file, line).isTrue();
        return value.group(1);
    }

    private static int framesOf(JsonNode exam) {
        int frames = 0;
        for (JsonNode eye : exam.get("eyes")) {
            frames += eye.get("bScans").size();
        }
        return frames;
    }

    /** Every exam, once each of its B-scans has its prediction. */
    private Map<String, JsonNode> awaitExams(String gateway, Iterable<String> studies, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> exams = new LinkedHashMap<>();
        for (String study : studies) {
            while (true) {
                HttpResponse<String> answer = request(gateway + "/api/v1/exams/" + study);
                if (answer.statusCode() == 200 && noneWaiting(JSON.readTree(answer.body()))) {
                    exams.put(study, JSON.readTree(answer.body()));
                    break;
                }
                assertThat(System.nanoTime()).as("exam %s has no result after %s (last answer %d %s)", study,
                        timeout, answer.statusCode(), answer.body()).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
        return exams;
    }

    private static boolean noneWaiting(JsonNode exam) {
        for (JsonNode eye : exam.get("eyes")) {
            if ("PENDING".equals(eye.path("result").path("status").asText())) {
                return false;
            }
        }
        return exam.get("eyes").size() > 0;
    }

    private static boolean everyEyeDone(JsonNode exam) {
        for (JsonNode eye : exam.get("eyes")) {
            if (!"DONE".equals(eye.path("result").path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The edge's series ids by modality, once it holds no OCT series and {@code reports} SR series (or at timeout). */
    private Map<String, List<String>> awaitEdge(String restUrl, int reports, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, List<String>> byModality;
        do {
            byModality = new LinkedHashMap<>();
            JsonNode series = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(restUrl + "series?expand"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode one : series) {
                byModality.computeIfAbsent(one.path("MainDicomTags").path("Modality").asText(), m -> new ArrayList<>())
                        .add(one.get("ID").asText());
            }
            if (!byModality.containsKey("OPT") && byModality.getOrDefault("SR", List.of()).size() == reports) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return byModality;
    }

    /** dcmtk's reading of the first instance of an SR series the edge holds. */
    private String srDump(String restUrl, String seriesId) throws Exception {
        JsonNode instances = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(restUrl + "series/" + seriesId
                + "/instances")).build(), HttpResponse.BodyHandlers.ofString()).body());
        Path file = dir.resolve("report.dcm");
        Files.write(file, http.send(HttpRequest.newBuilder(URI.create(restUrl + "instances/"
                + instances.get(0).get("ID").asText() + "/file")).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
        Process dump = new ProcessBuilder("dsrdump", file.toString()).redirectErrorStream(true).start();
        String text = new String(dump.getInputStream().readAllBytes());
        dump.waitFor();
        return text;
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> answer = request(url);
        assertThat(answer.statusCode()).as("GET %s: %s", url, answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> request(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", READER_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Process startUp(Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-Xmx768m",
                "-Doctflow.home=" + Launcher.HOME, "org.octflow.launcher.OctflowCommand", "up"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return builder.start();
    }

    private static String awaitLine(Process process, Path log, String prefix, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var line = Files.readAllLines(log).stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            assertThat(process.isAlive()).as("up exited:%n%s", Files.readString(log)).isTrue();
            Thread.sleep(500);
        }
        throw new AssertionError("up did not print '" + prefix + "' within " + timeout + ":\n" + Files.readString(log));
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
