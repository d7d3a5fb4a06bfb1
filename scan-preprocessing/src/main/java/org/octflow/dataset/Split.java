package org.octflow.dataset;

/** MedMNIST's official splits. */
public enum Split {
    TRAIN, VAL, TEST;

    /** The key prefix in a MedMNIST npz: train, val, test. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
