package org.octflow.trainer.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.octflow.dataset.DatasetException;
import org.octflow.dataset.MedMnistNpz;
import org.octflow.trainer.console.ConsoleProgress;
import org.octflow.trainer.support.SyntheticOct;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --download against a local HTTP server serving a small generated npz. */
class DatasetDownloaderTest {
    @TempDir
    Path temp;
    HttpServer server;
    byte[] npz;
    final List<String> ranges = new ArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    DatasetDownloader downloader = new DatasetDownloader(DatasetDownloader.defaultClient(),
            ConsoleProgress.quiet());

    @BeforeEach
    void serve() throws IOException {
        npz = Files.readAllBytes(SyntheticOct.write(Files.createDirectory(temp.resolve("src")), 40, 8, 8, 1));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok.npz", ex -> send(ex, npz, false));
        server.createContext("/corrupt.npz", ex -> {
            byte[] bad = npz.clone();
            bad[bad.length / 2] ^= 0x55;
            send(ex, bad, false);
        });
        // The first request dies half-way; later ones honour Range.
        server.createContext("/flaky.npz", ex -> send(ex, npz, requests.getAndIncrement() == 0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void downloadsVerifiesAndThenReusesTheCachedFile() throws Exception {
        String md5 = md5(npz);
        Path file = downloader.fetch(uri("/ok.npz"), md5, temp.resolve("cache"), "octmnist.npz");
        assertThat(Files.readAllBytes(file)).isEqualTo(npz);
        assertThat(MedMnistNpz.load(file, 4).values()).hasSize(3);

        server.removeContext("/ok.npz");
        assertThat(downloader.fetch(uri("/ok.npz"), md5, temp.resolve("cache"), "octmnist.npz")).isEqualTo(file);
    }

    @Test
    void aFileFailingItsChecksumIsNotKept() {
        Path cache = temp.resolve("cache");
        assertThatThrownBy(() -> downloader.fetch(uri("/corrupt.npz"), md5(npz), cache, "octmnist.npz"))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("md5").hasMessageContaining("deleted");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void anInterruptedTransferResumesWithARangeRequest() throws Exception {
        Path file = downloader.fetch(uri("/flaky.npz"), md5(npz), temp.resolve("cache"), "octmnist.npz");
        assertThat(Files.readAllBytes(file)).isEqualTo(npz);
        assertThat(requests.get()).isEqualTo(2);
        assertThat(ranges).hasSize(1).allMatch(r -> r.startsWith("bytes=") && !r.equals("bytes=0-"));
    }

    private void send(HttpExchange ex, byte[] body, boolean dieHalfWay) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        int from = 0;
        if (range != null) {
            ranges.add(range);
            from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
        }
        int length = body.length - from;
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(range != null ? 206 : 200, length);
        OutputStream out = ex.getResponseBody();
        if (dieHalfWay) {
            out.write(body, from, length / 2);
            out.flush();
            // Closing the exchange before Content-Length bytes were sent drops the connection mid-body.
            ex.close();
            return;
        }
        out.write(body, from, length);
        out.close();
    }

    static String md5(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
    }
}
