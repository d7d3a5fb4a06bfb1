package org.octflow.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the services' health checks said during a fault run: asks each check once a second, on a thread of its own,
 * and keeps only the changes (an HTTP status, or "down" when nothing listens), with the reason the first answer in a
 * new state gave. The summary is what an orchestrator's probes would have seen.
 */
final class HealthTimeline implements AutoCloseable {
    /** A check's answer changed at {@code atMillis} to {@code state}, for this reason (empty when 200). */
    record Change(long atMillis, String state, String reason) {
    }

    private static final Duration ASK_EVERY = Duration.ofSeconds(1);
    private static final int REASON_CHARS = 90;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(800)).build();

    private final Map<String, URI> checks;
    private final Map<String, List<Change>> changes = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /** @param checks each check's name ("worker-1 ready") and URI, in the order the summary lists them */
    HealthTimeline(Map<String, URI> checks) {
        this.checks = new LinkedHashMap<>(checks);
        checks.keySet().forEach(name -> changes.put(name, new ArrayList<>()));
        thread = new Thread(this::run, "health-timeline");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!closed) {
            long round = System.currentTimeMillis();
            checks.forEach((name, uri) -> {
                Change now = ask(uri);
                synchronized (changes) {
                    List<Change> seen = changes.get(name);
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).state().equals(now.state())) {
                        seen.add(now);
                    }
                }
            });
            long wait = ASK_EVERY.toMillis() - (System.currentTimeMillis() - round);
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static Change ask(URI uri) {
        long at = System.currentTimeMillis();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(900))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body().replaceAll("\\s+", " ").trim();
            return new Change(at, Integer.toString(response.statusCode()), response.statusCode() == 200 ? ""
                    : body.substring(0, Math.min(REASON_CHARS, body.length())));
        } catch (java.net.http.HttpTimeoutException e) {
            return new Change(at, "no answer", "none within 0.9 s");
        } catch (IOException e) {
            return new Change(at, "down", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Change(at, "down", "");
        }
    }

    /** One line per check: its changes, in seconds from {@code fromMillis} (the fault), e.g. "200 -5.0s, 503 +3.1s". */
    List<String> summary(long fromMillis) {
        List<String> lines = new ArrayList<>();
        synchronized (changes) {
            changes.forEach((name, seen) -> {
                StringBuilder line = new StringBuilder(String.format("  %-16s", name));
                for (int i = 0; i < seen.size(); i++) {
                    Change c = seen.get(i);
                    line.append(i == 0 ? " " : " -> ").append(c.state())
                            .append(String.format(" %+.1fs", (c.atMillis() - fromMillis) / 1000.0));
                    if (!c.reason().isEmpty()) {
                        line.append(" (").append(c.reason()).append(')');
                    }
                }
                lines.add(line.toString());
            });
        }
        return lines;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
