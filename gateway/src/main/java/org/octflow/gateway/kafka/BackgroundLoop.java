package org.octflow.gateway.kafka;

import java.time.Duration;

/**
 * The gateway's own daemon thread for a Kafka loop (the outbox publisher, the prediction consumer): start and stop
 * are idempotent, stop wakes the loop and waits for it, and a loop that ended on its own can be started again.
 */
public final class BackgroundLoop {
    private final String name;
    private final Runnable body;
    private final Runnable wake;
    private final Duration joinTimeout;
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param body runs on the thread; it should return soon after {@link #running()} turns false
     * @param wake makes a waiting body look at {@link #running()} again (release a semaphore, wake a consumer)
     */
    public BackgroundLoop(String name, Runnable body, Runnable wake, Duration joinTimeout) {
        this.name = name;
        this.body = body;
        this.wake = wake;
        this.joinTimeout = joinTimeout;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::runBody, name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        wake.run();
        try {
            thread.join(joinTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The body's loop condition. */
    public boolean running() {
        return running;
    }

    /** Started, not stopped, and its thread still alive (for health checks). */
    public boolean isAlive() {
        Thread current = thread;
        return running && current != null && current.isAlive();
    }

    private void runBody() {
        try {
            body.run();
        } finally {
            // Not synchronized: stop() holds the lock while it joins this thread. A newer start() has replaced
            // thread, and then its flag is left alone.
            if (thread == Thread.currentThread()) {
                running = false;
            }
        }
    }
}
