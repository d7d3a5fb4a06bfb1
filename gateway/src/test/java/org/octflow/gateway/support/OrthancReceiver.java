package org.octflow.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.octflow.testkit.FreePorts;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Orthanc with its DICOMweb plugin on loopback, as the DICOMweb server the gateway stores its reports on
 * ({@code octflow.reports.stow-url}). Tests get a {@link DicomWebServer} to find what arrived, and to stop and start
 * the server (same ports and storage). Where Orthanc is not installed the URL points at a closed port and
 * {@link DicomWebServer#installed()} is false, so tests can skip.
 */
public class OrthancReceiver implements QuarkusTestResourceLifecycleManager {
    static final Path ORTHANC = Path.of("/usr/sbin/Orthanc");
    static final Path PLUGIN = Path.of("/usr/lib/orthanc/libOrthancDicomWeb.so.1.7");

    private final int httpPort = FreePorts.next();
    private final int dicomPort = FreePorts.next();
    private Path directory;
    private Process process;

    @Override
    public Map<String, String> start() {
        if (installed()) {
            try {
                Files.createDirectories(Path.of("target"));
                directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "orthanc-");
                Files.writeString(directory.resolve("orthanc.json"), """
                        {"Name": "octflow-test-pacs", "StorageDirectory": "%1$s", "IndexDirectory": "%1$s",
                         "HttpPort": %2$d, "DicomPort": %3$d, "RemoteAccessAllowed": false,
                         "AuthenticationEnabled": false, "Plugins": ["%4$s"],
                         "DicomWeb": {"Enable": true, "Root": "/dicom-web/"}}
                        """.formatted(directory.resolve("storage"), httpPort, dicomPort, PLUGIN));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            startOrthanc();
        }
        return Map.of("octflow.reports.stow-url", "http://127.0.0.1:" + httpPort + "/dicom-web/studies");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new DicomWebServer(URI.create("http://127.0.0.1:" + httpPort), installed(),
                this::stopOrthanc, this::startOrthanc), new TestInjector.MatchesType(DicomWebServer.class));
    }

    @Override
    public void stop() {
        stopOrthanc();
    }

    static boolean installed() {
        return Files.isExecutable(ORTHANC) && Files.isReadable(PLUGIN);
    }

    private synchronized void startOrthanc() {
        try {
            process = new ProcessBuilder(ORTHANC.toString(), directory.resolve("orthanc.json").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(directory.resolve("orthanc.log")
                            .toString())))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/system")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("Orthanc did not answer within 30 s; see " + directory.resolve("orthanc.log"));
    }

    private synchronized void stopOrthanc() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The running Orthanc, as a test sees it. */
    public record DicomWebServer(URI base, boolean installed, Runnable stop, Runnable start) {
        private static final Pattern INSTANCE_ID = Pattern.compile("\"ID\"\\s*:\\s*\"([^\"]+)\"[^}]*\"Type\"\\s*:\\s*"
                + "\"Instance\"");

        /** The stored file of the instance with this SOP Instance UID, if Orthanc has it. */
        public Optional<byte[]> instance(String sopInstanceUid) {
            try {
                HttpClient http = HttpClient.newHttpClient();
                String found = http.send(HttpRequest.newBuilder(base.resolve("/tools/lookup"))
                        .POST(HttpRequest.BodyPublishers.ofString(sopInstanceUid)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher id = INSTANCE_ID.matcher(found);
                if (!id.find()) {
                    return Optional.empty();
                }
                return Optional.of(http.send(HttpRequest.newBuilder(base.resolve("/instances/" + id.group(1)
                        + "/file")).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
