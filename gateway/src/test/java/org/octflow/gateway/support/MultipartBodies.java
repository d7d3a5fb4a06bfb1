package org.octflow.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * multipart/related bodies built by hand, and a raw HTTP client that can send them with or without a length: what
 * STOW-RS clients send (Orthanc: chunked, unquoted boundary), and what they should not (cut short, no boundary).
 */
public final class MultipartBodies {
    private MultipartBodies() {
    }

    /** One application/dicom part per file, closed by the final delimiter. */
    public static byte[] related(String boundary, List<byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (byte[] file : files) {
                out.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(file);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String type(String boundaryParameter) {
        return "multipart/related; type=\"application/dicom\"; boundary=" + boundaryParameter;
    }

    /** An answer: status, headers as sent, body. */
    public record Answer(int status, java.util.Map<String, List<String>> headers, String body) {
    }

    /** POSTs {@code body} with its Content-Length. */
    public static Answer post(int port, String path, String key, String contentType, byte[] body) {
        try {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + path))
                    .header("Content-Type", contentType).header("Accept", "application/dicom+json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            if (key != null) {
                request.header(ApiKeysForTests.HEADER, key);
            }
            var answer = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.headers().map(), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs {@code body} from a stream, chunked (no Content-Length), as Orthanc sends STOW-RS. */
    public static Answer postChunked(int port, String path, String key, String contentType, InputStream body) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path).toURL()
                    .openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setChunkedStreamingMode(64 * 1024);
            connection.setRequestProperty("Content-Type", contentType);
            connection.setRequestProperty("Accept", "application/dicom+json");
            connection.setRequestProperty(ApiKeysForTests.HEADER, key);
            try (OutputStream out = connection.getOutputStream()) {
                body.transferTo(out);
            } catch (IOException refusedMidway) {
                // the gateway may answer (413) and close before the whole body is sent: read its answer
            }
            int status = connection.getResponseCode();
            InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(status, connection.getHeaderFields(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends only a request head declaring {@code contentLength}, and reads the status line of the answer. */
    public static String statusLineForDeclaredLength(int port, String path, String key, String contentType,
                                                     long contentLength) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n"
                    + ApiKeysForTests.HEADER + ": " + key + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // The answer's head and its (short) body; the connection may stay open, so read until both are in.
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (true) {
                String text = answer.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0) {
                    java.util.regex.Matcher length = java.util.regex.Pattern
                            .compile("(?im)^content-length:\\s*(\\d+)").matcher(text);
                    if (!length.find() || text.length() - end - 4 >= Integer.parseInt(length.group(1))) {
                        return text;
                    }
                }
                int n = in.read(chunk);
                if (n < 0) {
                    return answer.toString(StandardCharsets.ISO_8859_1);
                }
                answer.write(chunk, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
