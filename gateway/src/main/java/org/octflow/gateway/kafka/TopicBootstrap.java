package org.octflow.gateway.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;
import org.octflow.contracts.Topics;
import org.octflow.gateway.config.GatewayConfig;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the contract's topics when they are missing, so the gateway works on a fresh broker. Without the rights, or
 * without a broker, it warns and goes on: the outbox keeps scans until the topics exist.
 */
@ApplicationScoped
public class TopicBootstrap {
    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);
    static final List<String> TOPICS = List.of(Topics.SCANS, Topics.PREDICTIONS, Topics.SCANS_DEAD_LETTER);

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
        boolean allExist = true;
        for (String topic : TOPICS) {
            try {
                kafka.admin().createTopics(List.of(new NewTopic(topic, settings.topicPartitions(),
                        settings.replicationFactor()))).all().get(15, TimeUnit.SECONDS);
                LOG.infof("created topic %s with %d partitions", topic, settings.topicPartitions());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicExistsException) {
                    continue;
                }
                allExist = false;
                if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                    LOG.warnf("Kafka at %s is not reachable (%s); topics will be checked again before publishing",
                            kafka.bootstrapServers(), cause.getMessage());
                    return false;
                }
                if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException) {
                    LOG.warnf("not allowed to create topic %s: ask the Kafka admins to create it", topic);
                    return true; // nothing more this gateway can do; sends will say if the topic is missing
                } else {
                    LOG.warnf("could not create topic %s (%s); the gateway starts anyway and retries sends",
                            topic, cause.toString());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warnf("Kafka at %s did not answer within 15 s; topic %s not checked. Is the broker up?",
                        kafka.bootstrapServers(), topic);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return allExist;
    }
}
