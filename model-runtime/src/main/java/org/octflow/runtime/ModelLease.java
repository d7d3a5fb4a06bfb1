package org.octflow.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/** A model held open for one run: close it (try-with-resources) when the run is done. */
public final class ModelLease implements AutoCloseable {
    private final LoadedModel model;
    private final AtomicBoolean released = new AtomicBoolean();

    ModelLease(LoadedModel model) {
        this.model = model;
    }

    public LoadedModel model() {
        return model;
    }

    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            model.release();
        }
    }
}
