package org.octflow.gateway.support;

/** Stops the suite's Kafka broker and starts it again on the same ports and data; injected by {@link OctflowStack}. */
public final class KafkaOutage {
    private final Runnable stop;
    private final Runnable start;

    KafkaOutage(Runnable stop, Runnable start) {
        this.stop = stop;
        this.start = start;
    }

    /** Runs {@code during} with the broker down; the broker is back when this returns, whatever happened. */
    public void during(Runnable during) {
        stop.run();
        try {
            during.run();
        } finally {
            start.run();
        }
    }
}
