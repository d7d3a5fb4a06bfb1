package org.octflow.contracts.kafka;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.octflow.contracts.Failures;

/**
 * The one vocabulary for a failed Kafka call, shared by worker, gateway and launcher so each says the same thing about
 * the same failure. Read the chain of causes, first match wins:
 * <ul>
 *   <li>{@link Kind#REFUSED}: Kafka answers and refuses this client's credentials, certificate or rights (ACLs): a
 *       setting to fix; retrying cannot help until it is fixed;</li>
 *   <li>{@link Kind#FATAL}: this process cannot go on whatever the settings: a newer instance with the same identity
 *       fenced it, or the cluster is too old for what it needs;</li>
 *   <li>{@link Kind#OUTAGE}: Kafka is away or slow (a retriable error anywhere in the chain): wait and retry, no
 *       record is at fault;</li>
 *   <li>{@link Kind#CALL_FAILED}: anything else, including exceptions that are not Kafka's (an illegal producer state,
 *       a bug met on one record): the call failed while Kafka answered. Retrying is right: a process that exited
 *       instead would meet the same record at its restart and stall its partition for ever, while a retry lets the
 *       worker's poison guard find the record and set it aside.</li>
 * </ul>
 *
 * @param kind   what the caller should do
 * @param reason one line for people: what happened and, for a refusal, what to fix
 */
public record KafkaFailure(Kind kind, String reason) {
    public enum Kind { REFUSED, FATAL, OUTAGE, CALL_FAILED }

    /**
     * @param who          whose principal made the call: a refusal of rights names what it needs ({@link KafkaAccess})
     * @param settingsHint where this app's client settings are set, e.g. "OCTFLOW_KAFKA_* or --kafka-config-file"
     */
    public static KafkaFailure of(Throwable error, KafkaAccess who, String settingsHint) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return new KafkaFailure(Kind.REFUSED, "Kafka refused the " + who.app() + "'s credentials or TLS"
                        + " handshake (" + t.getMessage() + "): check security.protocol, sasl.mechanism,"
                        + " sasl.jaas.config and ssl.truststore.* (" + settingsHint + ")");
            }
            if (t instanceof AuthorizationException) {
                return new KafkaFailure(Kind.REFUSED, "Kafka refused an operation (" + t.getMessage() + "): the "
                        + who.app() + "'s principal " + who.principal() + " needs " + who.describeRights());
            }
            if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException) {
                return new KafkaFailure(Kind.FATAL, "another " + who.app() + " with the same id took over ("
                        + t.getMessage() + "): give every instance a unique id");
            }
            if (t instanceof UnsupportedVersionException) {
                return new KafkaFailure(Kind.FATAL, "the Kafka cluster is too old for what the " + who.app()
                        + " needs (" + t.getMessage() + "): Kafka 3.x or later is required");
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return new KafkaFailure(Kind.OUTAGE, "Kafka does not answer (" + Failures.rootMessage(error) + ")");
            }
        }
        String what = error instanceof KafkaException ? "a Kafka call failed" : "the Kafka client failed";
        return new KafkaFailure(Kind.CALL_FAILED, what + " (" + Failures.rootMessage(error) + ")");
    }

    public boolean is(Kind other) {
        return kind == other;
    }

    /** Refused or fatal: no retry of the same call can succeed. */
    public boolean needsSomeoneToAct() {
        return kind == Kind.REFUSED || kind == Kind.FATAL;
    }
}
