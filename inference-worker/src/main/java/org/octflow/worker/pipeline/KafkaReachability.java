package org.octflow.worker.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.octflow.contracts.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks Kafka every {@link #ASK_EVERY}, on a thread of its own, whether it answers, and tells {@link LoopHealth}. The
 * loop cannot say so promptly: in an outage it waits out one call timeout after another, and an idle loop makes no
 * call at all; a frozen broker even keeps its connections open. The question is {@code describeCluster}, asked with
 * the worker's own client settings and principal: the broker answers it without any ACL.
 */
public final class KafkaReachability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
    static final Duration ASK_EVERY = Duration.ofSeconds(2);
    /** An outage shows within ASK_EVERY + ANSWER_WITHIN (6 s). */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(4);

    private final Admin admin;
    private final LoopHealth health;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean closed;

    /** @param admin closed with this probe */
    public KafkaReachability(Admin admin, LoopHealth health, Clock clock) {
        this.admin = admin;
        this.health = health;
        this.clock = clock;
        this.thread = new Thread(this::run, "kafka-reachability");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        boolean answered = true;
        while (!closed) {
            Instant asked = clock.instant();
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ANSWER_WITHIN.toMillis())).nodes()
                        .get(ANSWER_WITHIN.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
                health.kafkaAnswered();
                if (!answered) {
                    LOG.info("Kafka answers again");
                }
                answered = true;
            } catch (ExecutionException | TimeoutException e) {
                String reason = e instanceof TimeoutException
                        || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                        ? "no answer within " + ANSWER_WITHIN.toSeconds() + " s" : Failures.rootMessage(e.getCause());
                health.kafkaUnanswered(asked, reason);
                if (answered) {
                    LOG.warn("Kafka does not answer ({}); not ready until it does", reason);
                }
                answered = false;
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(ASK_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(ANSWER_WITHIN.plusSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            admin.close(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warn("closing the Kafka reachability probe: {}", e.toString());
        }
    }
}
