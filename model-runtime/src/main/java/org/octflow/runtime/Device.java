package org.octflow.runtime;

import java.util.Locale;

/** Where the model runs: {@code auto} prefers CUDA and falls back to CPU, {@code cuda} requires it, {@code cpu} never tries it. */
public enum Device {
    AUTO, CUDA, CPU;

    public static Device parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device '" + value + "' is unknown: use auto, cuda or cpu");
        }
    }
}
