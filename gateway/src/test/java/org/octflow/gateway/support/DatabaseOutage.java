package org.octflow.gateway.support;

/** Crashes or stops the suite's PostgreSQL and starts it again on the same port and data; injected by OctflowStack. */
public final class DatabaseOutage {
    private final Runnable kill;
    private final Runnable stop;
    private final Runnable start;

    DatabaseOutage(Runnable kill, Runnable stop, Runnable start) {
        this.kill = kill;
        this.stop = stop;
        this.start = start;
    }

    /** kill -9 of the postmaster, as a crash would, then a restart that recovers from the write-ahead log. */
    public void crashAndRestart() {
        kill.run();
        start.run();
    }

    /** Runs {@code during} with the database stopped; it is back when this returns, whatever happened. */
    public void during(Runnable during) {
        stop.run();
        try {
            during.run();
        } finally {
            start.run();
        }
    }
}
