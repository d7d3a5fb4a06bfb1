package org.octflow.gateway.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.jboss.logging.Logger;
import org.octflow.contracts.TopicSpec;
import org.octflow.contracts.kafka.TopicCreator;
import org.octflow.gateway.config.GatewayConfig;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Creates the contract's topics ({@link TopicSpec}) when they are missing and {@code octflow.kafka.create-topics} is
 * on (a bare broker; in a managed cluster topics are the platform's). Without the rights, or without a broker, it
 * warns and goes on: the outbox keeps scans until the topics exist.
 */
@ApplicationScoped
public class TopicBootstrap {
    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);
    private final KafkaClients kafka;
    private final GatewayConfig.Kafka settings;
    private volatile boolean ensured;

    public TopicBootstrap(KafkaClients kafka, GatewayConfig config) {
        this.kafka = kafka;
        this.settings = config.kafka();
    }

    /** Runs before the publisher and consumer start (lower priority value first). */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        ensureTopics();
    }

    /**
     * True once every topic is known to exist (or creating them is switched off). Cheap after the first success, so
     * the outbox publisher calls it before each attempt: a broker that was down at start gets its topics later.
     */
    public boolean ensureTopics() {
        if (!ensured) {
            ensured = !settings.createTopics() || createMissingTopics();
        }
        return ensured;
    }

    private boolean createMissingTopics() {
        try {
            var outcome = TopicCreator.createMissing(kafka.admin(), TopicSpec.all(), Duration.ofSeconds(15));
            if (!outcome.created().isEmpty()) {
                LOG.infof("created topics %s as the contract specifies", outcome.created());
            }
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException) {
                LOG.warnf("not allowed to create the topics: ask the Kafka admins to create them (%s)",
                        cause.getMessage());
                return true; // nothing more this gateway can do; sends will say if a topic is missing
            }
            LOG.warnf("could not create the topics (%s); the gateway starts anyway and retries sends", cause.toString());
            return false;
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warnf("Kafka at %s did not answer within 15 s; topics will be checked again before publishing",
                    kafka.bootstrapServers());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
