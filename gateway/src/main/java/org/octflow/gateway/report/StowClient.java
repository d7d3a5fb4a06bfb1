package org.octflow.gateway.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Stores one DICOM instance on a DICOMweb server by STOW-RS (PS3.18 10.5): a {@code multipart/related;
 * type="application/dicom"} POST. Stored means a 2xx answer whose Referenced SOP Sequence names the instance (a 202
 * may list it as failed instead; a server that answers 200 without it, as Orthanc counts a push, has not stored it).
 */
public final class StowClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI studiesUrl;
    private final HttpClient http;

    public StowClient(URI studiesUrl) {
        this.studiesUrl = studiesUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Sends {@code dicom}; throws {@link StowFailed} with what the server said (status, never the body) otherwise. */
    public void store(byte[] dicom, String sopInstanceUid) throws InterruptedException {
        String boundary = "octflow-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream(dicom.length + 200);
        body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(dicom);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(studiesUrl).timeout(TIMEOUT)
                .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .header("Accept", "application/dicom+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StowFailed(studiesUrl.getHost() + ":" + studiesUrl.getPort() + " did not answer ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        if (response.statusCode() / 100 != 2 || !response.body().contains(sopInstanceUid)) {
            throw new StowFailed("the DICOMweb server answered " + response.statusCode()
                    + (response.statusCode() / 100 == 2 ? " without the instance among those it stored" : ""));
        }
    }

    /** A send that did not store the instance; the message says what the server did. */
    public static final class StowFailed extends RuntimeException {
        public StowFailed(String message) {
            super(message);
        }
    }
}
