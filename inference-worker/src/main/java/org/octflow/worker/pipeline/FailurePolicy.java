package org.octflow.worker.pipeline;

import org.octflow.contracts.Failures;
import org.octflow.contracts.kafka.KafkaAccess;
import org.octflow.contracts.kafka.KafkaFailure;

/**
 * What the worker does about a failure, in the contract's words ({@link KafkaFailure}): a refusal or a fatal state
 * stops the loop, and so does the worker's own "Kafka never answered since start"; an outage is waited out; any other
 * failed call, Kafka's or not, aborts, rewinds and is retried, so a record that keeps failing is found and set aside
 * ({@link PoisonGuard}) instead of stalling its partition across restarts. Errors ({@link Error}) are never caught
 * for a retry: they end the loop.
 */
final class FailurePolicy {
    /** Where the worker's Kafka client settings are set (see config.WorkerOptions). */
    static final String SETTINGS_HINT = "OCTFLOW_KAFKA_* or --kafka-config-file";

    private FailurePolicy() {
    }

    static KafkaFailure classify(Throwable error) {
        return KafkaFailure.of(error, KafkaAccess.WORKER, SETTINGS_HINT);
    }

    /**
     * True when no retry can help: someone has to fix a setting, or this worker must give way. The loop stops with
     * one line saying what to do; a stack trace would add nothing.
     */
    static boolean stopsTheLoop(Throwable error) {
        return error instanceof KafkaAvailability.KafkaUnreachableException || classify(error).needsSomeoneToAct();
    }

    /** One line for the log and the health check: why the loop stopped on {@code error}. */
    static String stopReason(Throwable error) {
        if (error instanceof KafkaAvailability.KafkaUnreachableException) {
            return error.getMessage();
        }
        if (error instanceof Error) {
            return Failures.rootMessage(error);
        }
        return classify(error).reason();
    }
}
