package org.octflow.gateway.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaClientConfig;
import org.octflow.contracts.kafka.KafkaFailure;
import org.octflow.gateway.config.GatewayConfig;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka refusing the gateway (its credentials, its TLS trust or its ACLs), or never answering since start: a setting
 * to fix, not an outage to wait out. Each client's refusal is logged once, in one line that says what to fix, and
 * readiness reports it; an outage after Kafka answered once is neither, and leaves the gateway ready, taking scans
 * into its outbox.
 */
@ApplicationScoped
public class KafkaRefusals {
    private static final Logger LOG = Logger.getLogger(KafkaRefusals.class);
    /** Where the gateway's Kafka client settings are set, for advice. */
    static final String SETTINGS = "OCTFLOW_KAFKA_* or octflow.kafka.config-file";
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final String group;
    private final String servers;
    private final java.time.Duration startTimeout;
    private final long startedNanos = System.nanoTime();
    private volatile boolean answered;
    private volatile boolean unansweredLogged;

    public KafkaRefusals(GatewayConfig config, KafkaClients kafka) {
        this.group = config.kafka().groupId();
        this.startTimeout = config.kafka().startTimeout();
        this.servers = kafka.bootstrapServers();
    }

    /** True when {@code error} is a refusal: then it is recorded for {@code client} (logged when it is new). */
    public boolean record(String client, Throwable error) {
        Optional<String> reason = reason(error);
        reason.ifPresent(r -> {
            answered = true; // a refusal is an answer: Kafka is there and says no
            if (!r.equals(refused.put(client, r))) {
                LOG.errorf("%s: %s", client, r);
            }
        });
        return reason.isPresent();
    }

    /** Kafka took {@code client}'s last call. */
    public void accepted(String client) {
        answered = true;
        if (refused.remove(client) != null) {
            LOG.infof("%s: Kafka accepts the gateway again", client);
        }
    }

    /** Kafka has answered one of the gateway's clients since start (accepting or refusing it). */
    public boolean answered() {
        return answered;
    }

    public boolean isRefused(String client) {
        return refused.containsKey(client);
    }

    /** Each refused client with what to fix, and whether Kafka never answered; empty when all is well. */
    public Map<String, String> current() {
        Map<String, String> now = new TreeMap<>(refused);
        long waited = java.time.Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
        if (!answered && waited > startTimeout.toSeconds()) {
            String reason = "Kafka at " + servers + " has not answered in the " + waited + " s since the gateway"
                    + " started: check " + KafkaClientConfig.BOOTSTRAP_SERVERS_ENV + " and security.protocol (a TLS"
                    + " listener gives a plaintext client no answer; " + SETTINGS + ")";
            now.put("since start", reason);
            if (!unansweredLogged) {
                unansweredLogged = true;
                LOG.error(reason);
            }
        }
        return now;
    }

    /** The contract's wording of a refusal; a group other than the ACLs' default is named beside it. */
    private Optional<String> reason(Throwable error) {
        KafkaFailure failure = KafkaFailure.of(error, KafkaAccess.GATEWAY, SETTINGS);
        if (!failure.is(KafkaFailure.Kind.REFUSED)) {
            return Optional.empty();
        }
        boolean ownGroup = !group.equals(KafkaAccess.GATEWAY_GROUP)
                && failure.reason().contains(KafkaAccess.GATEWAY_GROUP);
        return Optional.of(ownGroup ? failure.reason() + " (this gateway's group is " + group + ", not "
                + KafkaAccess.GATEWAY_GROUP + ")" : failure.reason());
    }
}
