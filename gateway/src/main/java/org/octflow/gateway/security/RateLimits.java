package org.octflow.gateway.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.octflow.gateway.config.GatewayConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pair of token buckets per API key: scans submitted and read requests. Only configured keys reach here (the
 * {@link ApiKeyFilter} checks first), so the map holds at most one entry per configured key. Limits are per gateway
 * instance: behind N replicas a key gets up to N times the rate.
 */
@ApplicationScoped
public class RateLimits {
    /** What a request spends. */
    public enum Spend {
        SCANS("scans", "submit"), READS("read requests", "make");

        private final String unit;
        private final String verb;

        Spend(String unit, String verb) {
            this.unit = unit;
            this.verb = verb;
        }
    }

    private record KeyBuckets(Bucket scans, Bucket reads) {
    }

    private final GatewayConfig.RateLimit limits;
    private final int maxScansPerSubmission;
    private final MeterRegistry registry;
    private final Map<KeyId, KeyBuckets> buckets = new ConcurrentHashMap<>();

    public RateLimits(GatewayConfig config, MeterRegistry registry) {
        this.limits = config.rateLimit();
        this.maxScansPerSubmission = config.upload().maxScans();
        this.registry = registry;
    }

    /** Refuses to start with limits no full submission could pass, or that never refill. */
    void onStart(@Observes StartupEvent event) {
        if (limits.scanBurst() < maxScansPerSubmission) {
            throw new IllegalStateException("refusing to start: octflow.rate-limit.scan-burst is "
                    + limits.scanBurst() + ", below octflow.upload.max-scans (" + maxScansPerSubmission
                    + "), so a full submission could never pass: raise the burst or lower max-scans");
        }
        if (!(limits.scansPerSecond() > 0) || !(limits.readsPerSecond() > 0) || limits.readBurst() < 1) {
            throw new IllegalStateException("refusing to start: octflow.rate-limit.scans-per-second and"
                    + " reads-per-second must be above 0 and read-burst at least 1");
        }
    }

    /** Takes {@code tokens} from {@code key}'s bucket, or throws saying the limit and when to retry. */
    public void take(KeyId key, Spend spend, long tokens) {
        if (tokens <= 0) {
            return;
        }
        KeyBuckets pair = buckets.computeIfAbsent(key, k -> new KeyBuckets(
                bucket(limits.scansPerSecond(), limits.scanBurst()),
                bucket(limits.readsPerSecond(), limits.readBurst())));
        Bucket bucket = spend == Spend.SCANS ? pair.scans() : pair.reads();
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (probe.isConsumed()) {
            return;
        }
        Counter.builder("octflow.gateway.requests.rate.limited")
                .description("Requests refused with 429 because their API key was over its rate limit")
                .tag("spend", spend.name().toLowerCase(java.util.Locale.ROOT)).tag("key", key.shortForm())
                .register(registry).increment();
        double rate = spend == Spend.SCANS ? limits.scansPerSecond() : limits.readsPerSecond();
        long burst = spend == Spend.SCANS ? limits.scanBurst() : limits.readBurst();
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        throw new RateLimitExceededException(retryAfter, "this API key may " + spend.verb + " " + number(rate) + " "
                + spend.unit + " per second, in bursts of up to " + burst + "; this request needs " + tokens
                + " and the key has used its share: retry after " + retryAfter + " s, and spread requests out"
                + " (or ask the gateway's operators for a higher octflow.rate-limit)");
    }

    private static Bucket bucket(double perSecond, long burst) {
        // One token every 1/rate seconds, added as time passes (greedy), so a client never waits for a whole period.
        Duration perToken = Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(burst).refillGreedy(1, perToken).build())
                .build();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
