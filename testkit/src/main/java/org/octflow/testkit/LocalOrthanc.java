package org.octflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Debian's Orthanc (with its DICOMweb plugin) on loopback, as the hospital's DICOM node in front of OCTFlow: devices
 * send it B-scan volumes by C-STORE, and it forwards every OCT series, once no instance arrived for {@link #STABLE_AGE}, to
 * OCTFlow's STOW-RS endpoint with the imaging system's API key. It runs the deployed edge's forwarding script
 * ({@link #deployedForwardScript}) with a loopback configuration ({@link #config}) shaped like the deployed one.
 */
public final class LocalOrthanc implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    public static final Path DICOMWEB_PLUGIN = Path.of("/usr/lib/orthanc/libOrthancDicomWeb.so.1.7");
    public static final String AE_TITLE = "OCTFLOW_EDGE";
    public static final Duration STABLE_AGE = Duration.ofSeconds(2);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** The forwarding script the deployed edge runs (kustomize ships it in the ConfigMap octflow-dicom-edge). */
    public static Path deployedForwardScript(Path projectRoot) {
        return projectRoot.resolve("deploy/k8s/base/dicom-edge/forward.lua");
    }

    private final Process process;
    private final int httpPort;
    private final int dicomPort;
    private final Path log;

    private LocalOrthanc(Process process, int httpPort, int dicomPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
        this.log = log;
    }

    /** Why Orthanc cannot run here (not installed, or without its DICOMweb plugin), or empty when it can. */
    public static Optional<String> unavailable() {
        if (!Files.isExecutable(BINARY)) {
            return Optional.of("Orthanc is not installed (" + BINARY + "): apt-get install orthanc orthanc-dicomweb");
        }
        if (!Files.isReadable(DICOMWEB_PLUGIN)) {
            return Optional.of("Orthanc's DICOMweb plugin is not installed (" + DICOMWEB_PLUGIN
                    + "): apt-get install orthanc-dicomweb");
        }
        return Optional.empty();
    }

    /**
     * Starts Orthanc with its data in {@code directory}, running {@code forwardScript} to forward to {@code stowRoot}
     * (e.g. {@code http://127.0.0.1:8080/dicom-web/}) with {@code apiKey} in the {@code X-API-Key} header.
     */
    public static LocalOrthanc start(Path directory, Path forwardScript, String stowRoot, String apiKey) {
        return start(directory, forwardScript, stowRoot, apiKey, FreePorts.next());
    }

    /** As {@link #start(Path, Path, String, String)}, taking C-STORE on {@code dicomPort}. */
    public static LocalOrthanc start(Path directory, Path forwardScript, String stowRoot, String apiKey, int dicomPort) {
        unavailable().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        int httpPort = FreePorts.next();
        Path configFile = directory.resolve("orthanc.json");
        Path lua = forwardScript.toAbsolutePath();
        Path log = directory.resolve("orthanc.log");
        try {
            Files.createDirectories(directory.resolve("storage"));
            Files.writeString(configFile, config(directory, httpPort, dicomPort, lua, stowRoot, apiKey));
            Process process = new ProcessBuilder(BINARY.toString(), configFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            LocalOrthanc orthanc = new LocalOrthanc(process, httpPort, dicomPort, log);
            orthanc.awaitUp();
            return orthanc;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Orthanc in " + directory, e);
        }
    }

    /** Orthanc's configuration: loopback only, no authentication (nothing else can reach it), the forwarding. */
    static String config(Path directory, int httpPort, int dicomPort, Path lua, String stowRoot, String apiKey) {
        return """
                {
                  "Name": "octflow-edge",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomAet": "%s",
                  "DicomCheckCalledAet": false,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "HttpServerEnabled": true,
                  "StableAge": %d,
                  "SaveJobs": false,
                  "Plugins": ["%s"],
                  "LuaScripts": ["%s"],
                  "DicomWeb": {
                    "Enable": true,
                    "Root": "/dicom-web/",
                    "Servers": {
                      "octflow": { "Url": "%s", "HttpHeaders": { "X-API-Key": "%s" }, "ChunkedTransfers": true }
                    }
                  }
                }
                """.formatted(directory.resolve("storage"), directory.resolve("storage"), httpPort, dicomPort,
                AE_TITLE, STABLE_AGE.toSeconds(), DICOMWEB_PLUGIN, lua, stowRoot, apiKey);
    }

    private void awaitUp() {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Orthanc exited with " + process.exitValue() + ":\n"
                        + ChildProcesses.tail(log, 30));
            }
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(restUrl() + "system"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while Orthanc started", e);
            }
            sleep(Duration.ofMillis(200));
        }
        close();
        throw new IllegalStateException("Orthanc did not answer within " + START_TIMEOUT + ":\n"
                + ChildProcesses.tail(log, 30));
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Orthanc's REST API root, ending in a slash. */
    public String restUrl() {
        return "http://127.0.0.1:" + httpPort + "/";
    }

    /** The DICOM (C-STORE) port, for {@code storescu 127.0.0.1 <port>}. */
    public int dicomPort() {
        return dicomPort;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, Duration.ofSeconds(10));
    }
}
