package org.octflow.contracts.records;

import com.google.protobuf.Timestamp;

import java.time.Instant;

/** The contract's times (protobuf Timestamp) to and from java.time, in one place. */
public final class Timestamps {
    private Timestamps() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
