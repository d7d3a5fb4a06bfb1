package org.octflow.gateway.outbox;

/** Fired inside the writing transaction; observed after commit to wake the publisher at once. */
public record OutboxWritten(String recordKey) {
}
