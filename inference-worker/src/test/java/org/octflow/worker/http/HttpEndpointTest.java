package org.octflow.worker.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HttpEndpointTest {
    private static final HttpEndpoint.Health OK = new HttpEndpoint.Health(true, "fine");

    @Test
    void aStalledClientDoesNotDelayAProbe() throws Exception {
        try (HttpEndpoint endpoint = new HttpEndpoint("127.0.0.1", 0, () -> OK, () -> OK, () -> "");
             Socket stalled = unfinishedRequest(endpoint.port())) {
            assertThat(probe(endpoint, Duration.ofSeconds(2))).isEqualTo(200);
        }
    }

    @Test
    void answersProbesWithinTheRequestTimeoutWhenMoreClientsStallThanItHasThreads() throws Exception {
        try (HttpEndpoint endpoint = new HttpEndpoint("127.0.0.1", 0, () -> OK, () -> OK, () -> "")) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < HttpEndpoint.THREADS + 2; i++) {
                    stalled.add(unfinishedRequest(endpoint.port()));
                }
                assertThat(probe(endpoint, HttpEndpoint.REQUEST_TIMEOUT.plusSeconds(3))).isEqualTo(200);
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void closesAConnectionWhoseRequestDoesNotArriveInTime() throws Exception {
        try (HttpEndpoint endpoint = new HttpEndpoint("127.0.0.1", 0, () -> OK, () -> OK, () -> "");
             Socket stalled = unfinishedRequest(endpoint.port())) {
            stalled.setSoTimeout((int) (HttpEndpoint.REQUEST_TIMEOUT.toMillis() * 4));
            InputStream in = stalled.getInputStream();

            long started = System.nanoTime();
            int read = in.read(); // -1 (closed) or a 408-like answer: anything but waiting for ever
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();

            assertThat(read).isLessThan(256);
            assertThat(waited).isLessThan(HttpEndpoint.REQUEST_TIMEOUT.toMillis() * 3);
        }
    }

    private static int probe(HttpEndpoint endpoint, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/health/live"))
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** A client that sends half a request line and then nothing, as a stuck or hostile one does. */
    private static Socket unfinishedRequest(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /health/live HTTP/1.1\r\nHost: x".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
