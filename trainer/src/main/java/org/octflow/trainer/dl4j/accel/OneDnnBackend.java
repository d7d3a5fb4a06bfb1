package org.octflow.trainer.dl4j.accel;

import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;

/**
 * Chooses nd4j-native's oneDNN build of libnd4j. Both builds ship with the trainer; JavaCPP loads the one named by
 * {@value #EXTENSION_PROPERTY}, so this must run before the first ND4J call of the JVM.
 */
public final class OneDnnBackend {
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private OneDnnBackend() {
    }

    /** Selects the oneDNN build unless the user chose a build himself (e.g. {@code -D...extension=} for the plain one). */
    public static void select() {
        if (System.getProperty(EXTENSION_PROPERTY) == null) {
            System.setProperty(EXTENSION_PROPERTY, "-onednn");
        }
    }

    /** True when the loaded libnd4j was built with oneDNN and may use it. */
    public static boolean active() {
        try {
            Nd4jCpu.Environment env = Nd4jCpu.Environment.getInstance();
            return env.isUseONEDNN() && env.helpersAllowed();
        } catch (LinkageError e) {
            return false;
        }
    }
}
