package org.octflow.gateway.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.jboss.logging.Logger;
import org.octflow.contracts.Topics;
import org.octflow.gateway.config.GatewayConfig;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka refusing the gateway (its credentials, its TLS trust or its ACLs): a setting to fix, not an outage to wait
 * out. Each client's refusal is logged once, in one line that says what to fix, and readiness reports it; an outage
 * (no answer) is not a refusal and leaves the gateway ready, taking scans into its outbox.
 */
@ApplicationScoped
public class KafkaRefusals {
    private static final Logger LOG = Logger.getLogger(KafkaRefusals.class);
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final String group;

    public KafkaRefusals(GatewayConfig config) {
        this.group = config.kafka().groupId();
    }

    /** True when {@code error} is a refusal: then it is recorded for {@code client} (logged when it is new). */
    public boolean record(String client, Throwable error) {
        Optional<String> reason = reason(error);
        reason.ifPresent(r -> {
            if (!r.equals(refused.put(client, r))) {
                LOG.errorf("%s: %s", client, r);
            }
        });
        return reason.isPresent();
    }

    /** Kafka took {@code client}'s last call. */
    public void accepted(String client) {
        if (refused.remove(client) != null) {
            LOG.infof("%s: Kafka accepts the gateway again", client);
        }
    }

    public boolean isRefused(String client) {
        return refused.containsKey(client);
    }

    /** Each refused client with what to fix; empty when Kafka refuses nothing. */
    public Map<String, String> current() {
        return new TreeMap<>(refused);
    }

    private Optional<String> reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return Optional.of("Kafka refused the gateway's credentials or certificate (" + t.getMessage()
                        + "): check security.protocol, sasl.jaas.config and ssl.truststore.* (OCTFLOW_KAFKA_* or"
                        + " octflow.kafka.config-file)");
            }
            if (t instanceof AuthorizationException) {
                return Optional.of("Kafka refused an operation (" + t.getMessage() + "): the gateway's principal"
                        + " needs write and read on " + Topics.SCANS + ", read on " + Topics.PREDICTIONS + " and "
                        + Topics.SCANS_DEAD_LETTER + ", and read on the group " + group);
            }
        }
        return Optional.empty();
    }
}
