package org.octflow.trainer.data;

import org.octflow.dataset.DatasetException;
import me.tongfei.progressbar.ProgressBar;
import org.octflow.trainer.console.ConsoleProgress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Fetches a data file into a cache folder: resumes an interrupted transfer with an HTTP Range request (or restarts
 * when the server ignores it), checks the md5, and never leaves a file that failed its checksum.
 */
public final class DatasetDownloader {
    public static final URI OCTMNIST_URI = URI.create("https://zenodo.org/records/10519652/files/octmnist.npz?download=1");
    public static final String OCTMNIST_MD5 = "c68d92d5b585d8d81f7112f81e2d0842";
    static final int ATTEMPTS = 4;

    private final HttpClient http;
    private final ConsoleProgress progress;

    public DatasetDownloader(HttpClient http, ConsoleProgress progress) {
        this.http = http;
        this.progress = progress;
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** @return the verified file in {@code cacheDir}; an already verified copy is reused without any request */
    public Path fetch(URI uri, String md5, Path cacheDir, String fileName) throws DatasetException {
        Path target = cacheDir.resolve(fileName);
        Path partial = cacheDir.resolve(fileName + ".part");
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new DatasetException("cannot create the cache folder " + cacheDir + ": " + e.getMessage());
        }
        if (Files.isRegularFile(target)) {
            if (FileDigests.md5(target).equalsIgnoreCase(md5)) {
                return target;
            }
            delete(target);
        }
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                transfer(uri, partial);
                last = null;
                break;
            } catch (IOException e) {
                // Keep the partial file: the next attempt asks only for the rest.
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatasetException("download of " + uri + " was interrupted; run again to resume from "
                        + partial);
            }
        }
        if (last != null) {
            throw new DatasetException("could not download " + uri + " after " + ATTEMPTS + " attempts: "
                    + last.getMessage() + "; run again to resume from " + partial + " or copy the file to " + target);
        }
        String actual = FileDigests.md5(partial);
        if (!actual.equalsIgnoreCase(md5)) {
            delete(partial);
            throw new DatasetException("downloaded " + uri + " has md5 " + actual + " but " + md5
                    + " was expected; the file was deleted. Run again, or fetch it by hand and pass --data");
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetException("could not move " + partial + " to " + target + ": " + e.getMessage());
        }
        return target;
    }

    private void transfer(URI uri, Path partial) throws IOException, InterruptedException {
        long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        boolean resumed = status == 206;
        if (status == 416) {
            // The partial file is not a prefix the server recognises: start over.
            response.body().close();
            Files.deleteIfExists(partial);
            throw new IOException("server refused the resume range; restarting");
        }
        if (status != 200 && status != 206) {
            response.body().close();
            throw new IOException("HTTP " + status + " from " + uri);
        }
        long offset = resumed ? have : 0;
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = length < 0 ? -1 : offset + length;
        StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (InputStream in = response.body();
             OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
             ProgressBar bar = progress.start("download", Math.max(total, offset), " MiB", 1 << 20)) {
            byte[] buffer = new byte[1 << 16];
            long done = offset;
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done += n;
                if (done > bar.getMax()) {
                    bar.maxHint(done);
                }
                bar.stepTo(done);
            }
            if (total >= 0 && done < total) {
                throw new IOException("connection closed after " + done + " of " + total + " bytes");
            }
            progress.report(String.format("downloaded %s (%d bytes%s)", uri, done, resumed ? ", resumed" : ""));
        }
    }

    private static void delete(Path file) throws DatasetException {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DatasetException("could not delete " + file + ": " + e.getMessage());
        }
    }
}
