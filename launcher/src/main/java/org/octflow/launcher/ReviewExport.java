package org.octflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a gateway's reviewed scans as a labelled folder the trainer reads ({@code --data DIR}): each scan's preview
 * as {@code DIR/<final label>/<scan id>.jpg}, and {@code DIR/reviews.csv} with the reviewer, the time and the model's
 * label beside the final one. Reviewers' notes stay in the gateway: free text may name a patient.
 */
final class ReviewExport {
    static final String CSV_HEADER = "scan_id,file,final_label,model_label,model_name,model_version,spot_check,"
            + "reviewer_key,reviewer_name,reviewed_at";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 200;
    /** Labels and ids become folder and file names: nothing else gets through. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String key;

    /** @param key a reader or reviewer key: previews are not served to submitters */
    ReviewExport(String baseUrl, String key) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.key = key;
    }

    record Result(int exported, int withoutPreview, List<String> labels) {
    }

    Result exportTo(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int exported = 0;
        int withoutPreview = 0;
        java.util.TreeSet<String> labels = new java.util.TreeSet<>();
        try (Writer csv = Files.newBufferedWriter(dir.resolve("reviews.csv"), StandardCharsets.UTF_8)) {
            csv.write(CSV_HEADER + "\n");
            for (int page = 0; ; page++) {
                JsonNode body = getJson("/api/v1/reviews?size=" + PAGE + "&page=" + page);
                for (JsonNode review : body.path("items")) {
                    String scanId = safe(review.path("scanId").asText(), "scan id");
                    String label = safe(review.path("finalLabel").asText(), "label");
                    HttpResponse<byte[]> preview = get("/api/v1/scans/" + scanId + "/preview",
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (preview.statusCode() == 404) {
                        withoutPreview++; // sent straight to Kafka, or past the preview's retention
                        continue;
                    }
                    expectOk(preview.statusCode(), "the preview of scan " + scanId);
                    Path file = dir.resolve(label).resolve(scanId + ".jpg");
                    Files.createDirectories(file.getParent());
                    Files.write(file, preview.body());
                    csv.write(String.join(",", scanId, dir.relativize(file).toString(), label,
                            csv(review.path("modelLabel").asText()), csv(review.path("modelName").asText()),
                            csv(review.path("modelVersion").asText()), review.path("spotCheck").asText(),
                            csv(review.path("reviewerKey").asText()), csv(review.path("reviewerName").asText("")),
                            csv(review.path("reviewedAt").asText())) + "\n");
                    labels.add(label);
                    exported++;
                }
                if (page + 1 >= body.path("totalPages").asInt()) {
                    break;
                }
            }
        }
        return new Result(exported, withoutPreview, List.copyOf(labels));
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path, HttpResponse.BodyHandlers.ofString());
        expectOk(response.statusCode(), "GET " + path + " (" + response.body() + ")");
        return JSON.readTree(response.body());
    }

    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("X-API-Key", key)
                .timeout(Duration.ofSeconds(30)).GET().build(), handler);
    }

    private static void expectOk(int status, String what) throws IOException {
        if (status == 401 || status == 403) {
            throw new IOException(what + " was refused (" + status + "): export with a reader or reviewer key"
                    + " (--key); submitter keys do not read previews");
        }
        if (status != 200) {
            throw new IOException(what + " answered " + status);
        }
    }

    private static String safe(String value, String what) throws IOException {
        if (!SAFE.matcher(value).matches()) {
            throw new IOException("a review's " + what + " is not a safe file name (letters, digits, . _ -): not"
                    + " exported; check the gateway's data");
        }
        return value;
    }

    /** One CSV field: quoted when it holds a comma, quote or line break. */
    static String csv(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
